// Reads one delivery per line ({secret, headers, body}) and prints one verdict per line: the verified payload's type,
// or "refused: <why>". The library checks the signature and that the timestamp is within five minutes.
import { Webhook } from "standardwebhooks";
import { createInterface } from "node:readline";

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { secret, headers, body } = JSON.parse(line);
  try {
    const payload = new Webhook(secret).verify(body, headers);
    console.log(JSON.stringify({ ok: true, type: payload.type }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e.message || e) }));
  }
}
