import type { StateFile } from '../declaration.ts';
import { northCarolina } from '../ncvoter.ts';
import { arizona } from './arizona.ts';
import { arkansas } from './arkansas.ts';
import { california } from './california.ts';
import { colorado } from './colorado.ts';
import { connecticut } from './connecticut.ts';
import { delaware } from './delaware.ts';
import { florida } from './florida.ts';
import { georgia } from './georgia.ts';
import { iowa } from './iowa.ts';
import { kansas } from './kansas.ts';
import { maine } from './maine.ts';
import { michigan } from './michigan.ts';
import { minnesota } from './minnesota.ts';
import { missouri } from './missouri.ts';
import { montana } from './montana.ts';
import { nebraska } from './nebraska.ts';
import { nevada } from './nevada.ts';
import { ohio } from './ohio.ts';
import { newJersey } from './new-jersey.ts';
import { newYork } from './new-york.ts';
import { oklahoma } from './oklahoma.ts';
import { oregon } from './oregon.ts';
import { pennsylvania } from './pennsylvania.ts';
import { rhodeIsland } from './rhode-island.ts';
import { texas, texasFixed } from './texas.ts';
import { vermont } from './vermont.ts';
import { virginia } from './virginia.ts';
import { washington } from './washington.ts';
import { westVirginia } from './west-virginia.ts';

/** Every declared state file: the first four, then in the order of ../shared/reference/states.md's table. */
export const STATE_FILES: readonly StateFile[] = [
  northCarolina,
  ohio,
  florida,
  missouri,
  pennsylvania,
  newYork,
  texas,
  texasFixed,
  virginia,
  oklahoma,
  nevada,
  iowa,
  kansas,
  connecticut,
  arkansas,
  california,
  montana,
  westVirginia,
  michigan,
  georgia,
  washington,
  colorado,
  newJersey,
  arizona,
  minnesota,
  rhodeIsland,
  vermont,
  delaware,
  maine,
  oregon,
  nebraska,
];
