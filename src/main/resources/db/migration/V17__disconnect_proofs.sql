-- A disconnected activation whose installation applied a connection token may still run on it: its seats stay in
-- flight until the installation's disconnect proof (disconnect+jwt) or the expiry of what it holds. The verifier
-- compares these seats with the ledger's pending holding; the proof's jti is the release step's proof.
ALTER TABLE gf_remote_activation ADD COLUMN disconnect_in_flight_seats BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE gf_remote_activation ADD COLUMN disconnect_proof_jti VARCHAR(100);
