/**
 * The ceiling for `npm run bench`: a bare Express 5 route that parses the same
 * JSON body and returns a fixed answer, with nothing else in front of it.
 */
import express from 'express';

const answer = {
  status: 'active',
  registered: true,
  state: 'NC',
  county: 'Wake',
  message: 'You are registered to vote in North Carolina.',
  language: 'en',
  registerUrl: 'https://example.org/register',
  checkUrl: 'https://example.org/check',
  dataAsOf: '2026-11-24',
  match: 'exact',
};
const app = express();
app.post('/v1/lookup', express.json({ limit: '4kb' }), (_req, res) => {
  res.json(answer);
});
app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () => process.stdout.write('listening\n'));
