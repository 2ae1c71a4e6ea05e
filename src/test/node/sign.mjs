// Signs edge tokens with jose's SignJWT, the standard way: one JSON request per stdin line, one compact JWS per
// stdout line. A request: {"jwk": private EC JWK, "header": {...}, "claims": {...}, "iat": true|false, "ttl": seconds}.
import { SignJWT, importJWK } from 'jose';
import { createInterface } from 'node:readline';

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  const key = await importJWK(request.jwk, 'ES256');
  const jwt = new SignJWT(request.claims)
    .setProtectedHeader({ alg: 'ES256', ...request.header })
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${request.ttl}s`);
  if (request.iat !== false) jwt.setIssuedAt();
  console.log(await jwt.sign(key));
}
