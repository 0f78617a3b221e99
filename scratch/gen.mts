import { writeNcvoterFile, syntheticVoters } from '/work/main/seeds/ncvoter-synthetic.ts';
await writeNcvoterFile('/tmp/bench/nc1m.txt', syntheticVoters(1_000_000, 3));
