package io.grantflow.edge.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.grantflow.protocol.Claims;
import io.grantflow.protocol.EdgeTokenSigner;
import io.grantflow.protocol.TokenType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The agent's commands, one method each; picocli reads the command table and the help text from the annotations. */
@Command(name = "agent", synopsisHeading = "usage: ",
        customSynopsis = "agent <command> --home DIR [options]   (--now ISO or $" + EdgeAgent.NOW_ENV + " overrides the clock)",
        commandListHeading = "%ncommands:%n", footer = "%n'agent <command> --help' explains one command.",
        subcommands = HelpCommand.class)
final class AgentCommands implements Callable<Integer> {

    private static final String DEFAULT_PORTAL = "http://localhost:8080";

    /** What every command takes: the edge's directory, a clock to use instead of the machine's, and --help. */
    static final class EdgeDir {
        @Option(names = "--home", required = true, paramLabel = "DIR", description = "The edge's directory (edge.json, trust.json, state.json).")
        Path home;

        @Option(names = "--now", paramLabel = "ISO", description = "The agent's clock, an ISO-8601 instant (default: $" + EdgeAgent.NOW_ENV
                + " or the machine's).")
        String now;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Explains this command.")
        boolean help;

        EdgeHome edgeHome() {
            return new EdgeHome(home);
        }

        Supplier<Instant> clock() {
            String fixed = now != null ? now : System.getenv(EdgeAgent.NOW_ENV);
            if (fixed == null || fixed.isBlank()) {
                return Instant::now;
            }
            try {
                Instant at = Instant.parse(fixed.strip());
                return () -> at;
            } catch (DateTimeParseException e) {
                throw AgentException.usage("--now / " + EdgeAgent.NOW_ENV + " must be an ISO-8601 instant such as 2030-01-01T00:00:00Z, not " + fixed);
            }
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Lists the commands.")
    boolean help;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    AgentCommands(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** {@code agent} alone: the overview, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return AgentException.USAGE;
    }

    @Command(name = "init", synopsisHeading = "usage: ",
            customSynopsis = "agent init --home DIR --kind installation|system [--id ID] [--issuer NAME]",
            description = {"Makes the edge's P-256 key pair in DIR and prints its public JWK, which an operator links in Grantflow.",
                    "An installation needs --id (the installation id). A HOME system may start without one: Grantflow answers",
                    "the system id when the key is linked; then run 'init --home DIR --id SYS-...' to set it, keeping the key.",
                    "--issuer is Grantflow's issuer name (default grantflow).", ""})
    int init(@Mixin EdgeDir dir,
            @Option(names = "--kind", paramLabel = "installation|system", description = "What this edge is.") String kindName,
            @Option(names = "--id", paramLabel = "ID", description = "The installation's or system's id.") String id,
            @Option(names = "--issuer", paramLabel = "NAME", description = "Grantflow's issuer name.") String issuer) {
        EdgeHome home = dir.edgeHome();
        dir.clock();
        if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
            throw AgentException.usage("--id may hold letters, digits and . _ : - (at most 100), not " + id);
        }
        EdgeIdentity.Kind kind = kind(kindName);
        EdgeIdentity identity;
        if (home.initialised()) {
            identity = home.identity();
            if (kind != null && kind != identity.kind) {
                throw new AgentException("already-initialised", home.dir() + " already holds an " + identity.kind + "; use another --home");
            }
            if (id != null && identity.id != null && !identity.id.equals(id)) {
                throw new AgentException("already-initialised", home.dir() + " already holds " + identity.kind + " " + identity.id
                        + "; use another --home");
            }
            if (id != null) {
                identity.id = id;
            }
        } else {
            if (kind == null) {
                throw AgentException.usage("'init' needs --kind installation|system");
            }
            if (kind == EdgeIdentity.Kind.installation && id == null) {
                throw AgentException.usage("an installation needs --id (its installation id)");
            }
            identity = new EdgeIdentity();
            identity.id = id;
            identity.kind = kind;
            try {
                identity.key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate().toJSONObject();
            } catch (JOSEException e) {
                throw new AgentException("key-generation-failed", e.getMessage());
            }
        }
        if (issuer != null) {
            identity.issuer = issuer;
        }
        home.saveIdentity(identity);
        err.println(identity.kind + " " + (identity.id == null ? "(id to come)" : identity.id) + " in " + home.dir()
                + "; its public key, to link in Grantflow:");
        out.println(identity.privateKey().toPublicJWK().toJSONString());
        return 0;
    }

    private static EdgeIdentity.Kind kind(String kind) {
        if (kind == null) {
            return null;
        }
        try {
            return EdgeIdentity.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw AgentException.usage("--kind must be installation or system, not " + kind);
        }
    }

    @Command(name = "trust", synopsisHeading = "usage: ", customSynopsis = "agent trust --home DIR --jwks FILE|URL [--issuer NAME]",
            description = {"Stores Grantflow's public keys (a JWK set, e.g. from <portal>/.well-known/jwks.json) to verify files offline.", ""})
    int trust(@Mixin EdgeDir dir,
            @Option(names = "--jwks", required = true, paramLabel = "FILE|URL", description = "Grantflow's JWK set.") String source,
            @Option(names = "--issuer", paramLabel = "NAME", description = "Grantflow's issuer name.") String issuer) {
        EdgeHome home = dir.edgeHome();
        dir.clock();
        EdgeIdentity identity = home.identity();
        JWKSet keys;
        try {
            keys = JWKSet.parse(read(source));
        } catch (ParseException e) {
            throw new AgentException("invalid-jwks", source + " is not a JWK set: " + e.getMessage());
        }
        if (keys.getKeys().isEmpty()) {
            throw new AgentException("invalid-jwks", source + " holds no keys");
        }
        for (JWK key : keys.getKeys()) {
            if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || key.getKeyID() == null) {
                throw new AgentException("invalid-jwks", "Every key must be an EC P-256 key with a kid; " + key.getKeyID() + " is not");
            }
            if (key.isPrivate()) {
                throw new AgentException("invalid-jwks", "The key set holds a private key: refusing to store it");
            }
        }
        if (issuer != null) {
            identity.issuer = issuer;
            home.saveIdentity(identity);
        }
        home.saveTrust(keys.toPublicJWKSet());
        out.println("trusting " + keys.getKeys().size() + " key(s) of " + identity.issuer + ": "
                + String.join(", ", keys.getKeys().stream().map(JWK::getKeyID).toList()));
        return 0;
    }

    private String read(String source) {
        try {
            if (source.startsWith("http://") || source.startsWith("https://")) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(source))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AgentException("portal-unreachable", source + " answered " + r.statusCode());
                }
                return r.body();
            }
            if ("-".equals(source)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new AgentException("unreadable", "No such file: " + source);
        } catch (IOException e) {
            throw new AgentException("unreadable", "Cannot read " + source + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("interrupted", "Reading " + source + " was interrupted");
        }
    }

    @Command(name = "update-token", synopsisHeading = "usage: ",
            customSynopsis = "agent update-token --home DIR --activation ID [--ttl 24h] [--qr FILE.png] [--qr-terminal] [--portal URL]",
            description = {"Prints an update token (update+jwt) for the activation, with its current seats. --qr writes a QR code of the",
                    "mobile link <portal>/m/update#token=... as a PNG; --qr-terminal draws it here.",
                    "--portal defaults to " + DEFAULT_PORTAL + ".", ""})
    int updateToken(@Mixin EdgeDir dir,
            @Option(names = "--activation", required = true, paramLabel = "ID", description = "The activation the update is for.") String activationId,
            @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the token is valid: 30s, 5m, 24h, 7d or PT30S (default 24h).")
            String ttlText,
            @Option(names = "--qr", paramLabel = "FILE.png", description = "Writes a QR code of the mobile link as a PNG.") Path qr,
            @Option(names = "--qr-terminal", description = "Draws the QR code here.") boolean qrTerminal,
            @Option(names = "--portal", paramLabel = "URL", description = "Grantflow's address, for the mobile link.") String portal) {
        EdgeHome home = dir.edgeHome();
        Supplier<Instant> clock = dir.clock();
        EdgeIdentity identity = home.identity();
        if (identity.kind != EdgeIdentity.Kind.installation) {
            throw new AgentException("not-an-installation", "Only an installation makes update tokens; this edge is a " + identity.kind);
        }
        EdgeState.Activation activation = home.state().activations.get(activationId);
        if (activation == null) {
            throw new AgentException("unknown-activation", "This installation holds no activation " + activationId
                    + " (apply its connection token first)");
        }
        Duration ttl = duration("ttl", ttlText == null ? "24h" : ttlText);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(Claims.SEATS, activation.seats);
        if (activation.license != null) {
            claims.put(Claims.LICENSE, activation.license);
        }
        EdgeTokenSigner.Signed token = identity.signer().sign(TokenType.UPDATE, activationId, clock.get(), ttl, claims);
        String link = CallInClient.stripSlash(portal == null ? DEFAULT_PORTAL : portal) + "/m/update#token="
                + URLEncoder.encode(token.compact(), StandardCharsets.UTF_8);
        if (qr != null) {
            QrCode.writePng(link, qr);
            err.println("QR code of " + link.substring(0, link.indexOf('#')) + " written to " + qr);
        }
        if (qrTerminal) {
            err.print(QrCode.terminal(link));
        }
        out.println(token.compact());
        return 0;
    }

    @Command(name = "apply", synopsisHeading = "usage: ", customSynopsis = "agent apply --home DIR FILE|- [--receipt RECEIPT-FILE]",
            description = {"Verifies and applies a connection token or a credit file (signature, audience, expiry, replay, clock) and",
                    "prints the new state. For a connection token it prints the receipt (receipt+jwt) to hand back to Grantflow",
                    "(--receipt also writes it to a file); the next call-in posts it too. '-' reads the file from standard input.", ""})
    int apply(@Mixin EdgeDir dir,
            @Option(names = "--receipt", paramLabel = "RECEIPT-FILE", description = "Also writes the receipt to this file.") Path receiptFile,
            @Parameters(arity = "0..*", paramLabel = "FILE|-", description = "The connection token or credit file; - for standard input.")
            List<String> files) {
        EdgeHome home = dir.edgeHome();
        Supplier<Instant> clock = dir.clock();
        if (files == null || files.size() != 1) {
            throw AgentException.usage("'apply' takes one FILE (or - for standard input)");
        }
        String compact = read(files.get(0));
        EdgeIdentity identity = home.identity();
        Holdings.Applied applied = new Holdings(home, identity, clock.get()).apply(compact);
        applied.lines().forEach(out::println);
        if (applied.receipt() != null) {
            if (receiptFile != null) {
                home.writeText(receiptFile.toAbsolutePath(), applied.receipt().compact() + "\n", false);
            }
            out.println("receipt to hand back to Grantflow (the next call-in posts it too):");
            out.println(applied.receipt().compact());
        }
        return 0;
    }

    @Command(name = "status", synopsisHeading = "usage: ", customSynopsis = "agent status --home DIR",
            description = {"Seats or credits held, with their expiries, resources using credits, the clock check and what awaits the next call-in.", ""})
    int status(@Mixin EdgeDir dir) {
        EdgeHome home = dir.edgeHome();
        Supplier<Instant> clock = dir.clock();
        EdgeIdentity identity = home.identity();
        boolean trusted = Files.exists(home.trustFile());
        Status.of(identity, home.state(), trusted, clock.get()).forEach(out::println);
        return 0;
    }

    @Command(name = "use", synopsisHeading = "usage: ", customSynopsis = "agent use --home DIR --credits N --resource NAME",
            description = {"Spends N of the free credits on a licensed resource.", ""})
    int use(@Mixin EdgeDir dir,
            @Option(names = "--credits", required = true, paramLabel = "N", description = "Credits to spend, a positive whole number.") String credits,
            @Option(names = "--resource", required = true, paramLabel = "NAME", description = "The licensed resource.") String resource) {
        Holdings holdings = holdings(dir);
        out.println(holdings.use(resource, positive("credits", credits)));
        return 0;
    }

    @Command(name = "release", synopsisHeading = "usage: ", customSynopsis = "agent release --home DIR --resource NAME",
            description = {"Frees the credits a resource uses.", ""})
    int release(@Mixin EdgeDir dir,
            @Option(names = "--resource", required = true, paramLabel = "NAME", description = "The licensed resource.") String resource) {
        out.println(holdings(dir).release(resource));
        return 0;
    }

    @Command(name = "revoke-key", synopsisHeading = "usage: ", customSynopsis = "agent revoke-key --home DIR --assignment ID",
            description = {"Gives up an assignment's credits and prints the revoke key (revoke+jwt) that proves it, for an operator to paste",
                    "in Grantflow. Refused while those credits are in use by a resource. Asked again, it prints the same key.", ""})
    int revokeKey(@Mixin EdgeDir dir,
            @Option(names = "--assignment", required = true, paramLabel = "ID", description = "The assignment to give up.") String assignment) {
        EdgeTokenSigner.Signed key = holdings(dir).revokeKey(assignment, null);
        err.println("assignment " + assignment + " given up; its revoke key, for the operator to paste in Grantflow:");
        out.println(key.compact());
        return 0;
    }

    @Command(name = "disconnect-proof", synopsisHeading = "usage: ",
            customSynopsis = "agent disconnect-proof --home DIR --activation ID [--out FILE]",
            description = {"Drops a disconnected activation's connection token (its seats are no longer used here) and prints the",
                    "disconnect proof (disconnect+jwt) that frees them in Grantflow: for an operator to paste, or posted by the next",
                    "call-in. Its connection tokens are refused from then on. Asked again, it prints the same proof.", ""})
    int disconnectProof(@Mixin EdgeDir dir,
            @Option(names = "--activation", required = true, paramLabel = "ID", description = "The activation to drop.") String activation,
            @Option(names = "--out", paramLabel = "FILE", description = "Also writes the proof to this file.") Path outFile) {
        EdgeHome home = dir.edgeHome();
        EdgeTokenSigner.Signed proof = holdings(dir).disconnectProof(activation);
        if (outFile != null) {
            home.writeText(outFile.toAbsolutePath(), proof.compact() + "\n", false);
        }
        err.println("activation " + activation + " dropped; its disconnect proof, for Grantflow (the next call-in posts it too):");
        out.println(proof.compact());
        return 0;
    }

    @Command(name = "call-in", synopsisHeading = "usage: ", customSynopsis = "agent call-in --home DIR --portal URL [--every 30s]",
            description = {"Online mode: heartbeat and sync. Posts receipts, revoke keys and disconnect proofs not yet accepted, applies connection tokens and",
                    "credit files, answers revokes with revoke keys. Once and exit, or with --every repeatedly until stopped.", ""})
    int callIn(@Mixin EdgeDir dir,
            @Option(names = "--portal", required = true, paramLabel = "URL", description = "Grantflow's address.") String portal,
            @Option(names = "--every", paramLabel = "DURATION", description = "Calls in repeatedly: 30s, 5m, 24h or PT30S.") String every) {
        EdgeHome home = dir.edgeHome();
        Supplier<Instant> clock = dir.clock();
        EdgeIdentity identity = home.identity();
        identity.requireId();
        CallInSync sync = new CallInSync(home, identity, new CallInClient(portal), clock, out);
        if (every == null) {
            sync.syncOnce();
            return 0;
        }
        Duration period = duration("every", every);
        if (period.isNegative() || period.isZero()) {
            throw AgentException.usage("--every must be longer than zero");
        }
        while (!Thread.currentThread().isInterrupted()) {
            try {
                sync.syncOnce();
            } catch (RuntimeException e) {
                // a daemon keeps going: the portal may be back at the next round
                EdgeAgent.refused(e, err);
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private Holdings holdings(EdgeDir dir) {
        EdgeHome home = dir.edgeHome();
        Supplier<Instant> clock = dir.clock();
        return new Holdings(home, home.identity(), clock.get());
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the same answer as for zero
        }
        throw AgentException.usage("--" + name + " must be a positive whole number, not " + value);
    }

    /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT30S}). */
    static Duration duration(String name, String value) {
        try {
            if (value.matches("\\d+[smhd]")) {
                long n = Long.parseLong(value.substring(0, value.length() - 1));
                return switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw AgentException.usage("--" + name + " must be a duration such as 30s, 5m, 24h or PT30S, not " + value);
        }
    }
}
