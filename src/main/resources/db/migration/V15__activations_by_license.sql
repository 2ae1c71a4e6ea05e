-- The desk's license page lists the license's activations: without this index that read scans every activation.
CREATE INDEX gf_remote_activation_license ON gf_remote_activation (license_id, created_at);
