/**
 * An open-loop load: requests sent on a fixed schedule (`rate` a second) whatever
 * the server is doing, each timed from the moment the schedule said to send it.
 * A closed-loop generator (autocannon) waits for an answer before it sends the next
 * request, so a stall delays the requests that would have met it and they are never
 * counted as slow (coordinated omission); here they are.
 */
import { Agent, request } from 'node:http';

export interface OpenLoopResult {
  offered: number;
  sent: number;
  errors: number;
  /** What the errors were: an HTTP status, or the socket error's code. */
  errorKinds: Record<string, number>;
  /** Milliseconds from each request's scheduled send to its whole answer. */
  p50: number;
  p99: number;
  p999: number;
  max: number;
  /** This process's own lateness: the 99th percentile of how long after its scheduled time each request left. */
  sendLagP99: number;
}

export async function openLoop(options: { port: number; path: string; bodies: string[]; rate: number; seconds: number }): Promise<OpenLoopResult> {
  const { port, path, bodies, rate, seconds } = options;
  // Enough sockets that a stall queues requests at the server, not in this process.
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  const sendLags = new Float64Array(total);
  let sent = 0;
  let answered = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string) => {
    errors += 1;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const finish = () => {
      answered += 1;
      if (answered === total) resolve();
    };
    const send = (index: number) => {
      const scheduled = start + (index * 1000) / rate;
      const body = bodies[index % bodies.length]!;
      const req = request(
        { agent, port, host: '127.0.0.1', path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode !== 200) fail(String(res.statusCode));
          res.resume();
          res.on('end', () => {
            latencies[index] = performance.now() - scheduled;
            finish();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        fail(error.code ?? error.name);
        latencies[index] = performance.now() - scheduled;
        finish();
      });
      req.end(body);
      sendLags[index] = performance.now() - scheduled;
    };
    // Every tick sends what the schedule says is due by now, late or not.
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const sorted = latencies.sort();
  const at = (values: Float64Array, q: number) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
  return {
    offered: rate,
    sent,
    errors,
    errorKinds,
    p50: at(sorted, 0.5),
    p99: at(sorted, 0.99),
    p999: at(sorted, 0.999),
    max: sorted[sorted.length - 1]!,
    sendLagP99: at(sendLags.sort(), 0.99),
  };
}
