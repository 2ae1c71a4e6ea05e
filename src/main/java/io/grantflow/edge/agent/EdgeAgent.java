package io.grantflow.edge.agent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.grantflow.protocol.GrantflowException;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The edge agent: {@code java -jar grantflow.jar agent <command> --home DIR [options]} plays a remote Control
 * Center (installation) or a HOME system against Grantflow, online (call-in) or through files across an air gap.
 * No web server, no engine: it starts before Spring, and {@link #run} answers an exit code instead of exiting.
 */
public final class EdgeAgent {

    /** Overrides the agent's clock (ISO-8601 instant), e.g. to show what a clock set back does. */
    public static final String NOW_ENV = "GRANTFLOW_AGENT_NOW";

    private static final String DEFAULT_PORTAL = "http://localhost:8080";

    private record Command(String name, Set<String> options, Set<String> flags, String usage, String help) {
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        add(new Command("init", Set.of("id", "kind", "issuer"), Set.of(),
                "init --home DIR --kind installation|system [--id ID] [--issuer NAME]",
                "Makes the edge's P-256 key pair in DIR and prints its public JWK, which an operator links in Grantflow.\n"
                        + "An installation needs --id (the installation id). A HOME system may start without one: Grantflow answers\n"
                        + "the system id when the key is linked; then run 'init --home DIR --id SYS-...' to set it, keeping the key.\n"
                        + "--issuer is Grantflow's issuer name (default grantflow)."));
        add(new Command("trust", Set.of("jwks", "issuer"), Set.of(),
                "trust --home DIR --jwks FILE|URL [--issuer NAME]",
                "Stores Grantflow's public keys (a JWK set, e.g. from <portal>/.well-known/jwks.json) to verify files offline."));
        add(new Command("update-token", Set.of("activation", "qr", "portal", "ttl"), Set.of("qr-terminal"),
                "update-token --home DIR --activation ID [--ttl 24h] [--qr FILE.png] [--qr-terminal] [--portal URL]",
                "Prints an update token (update+jwt) for the activation, with its current seats. --qr writes a QR code of the\n"
                        + "mobile link <portal>/m/update#token=... as a PNG; --qr-terminal draws it here. --portal defaults to "
                        + DEFAULT_PORTAL + "."));
        add(new Command("apply", Set.of("receipt"), Set.of(),
                "apply --home DIR FILE|- [--receipt RECEIPT-FILE]",
                "Verifies and applies a connection token or a credit file (signature, audience, expiry, replay, clock) and\n"
                        + "prints the new state. For a connection token it prints the receipt (receipt+jwt) to hand back to Grantflow\n"
                        + "(--receipt also writes it to a file); the next call-in posts it too. '-' reads the file from standard input."));
        add(new Command("status", Set.of(), Set.of(),
                "status --home DIR",
                "Seats or credits held, with their expiries, resources using credits, the clock check and what awaits the next call-in."));
        add(new Command("use", Set.of("credits", "resource"), Set.of(),
                "use --home DIR --credits N --resource NAME",
                "Spends N of the free credits on a licensed resource."));
        add(new Command("release", Set.of("resource"), Set.of(),
                "release --home DIR --resource NAME",
                "Frees the credits a resource uses."));
        add(new Command("revoke-key", Set.of("assignment"), Set.of(),
                "revoke-key --home DIR --assignment ID",
                "Gives up an assignment's credits and prints the revoke key (revoke+jwt) that proves it, for an operator to paste\n"
                        + "in Grantflow. Refused while those credits are in use by a resource. Asked again, it prints the same key."));
        add(new Command("call-in", Set.of("portal", "every"), Set.of(),
                "call-in --home DIR --portal URL [--every 30s]",
                "Online mode: heartbeat and sync. Posts receipts and revoke keys not yet accepted, applies connection tokens and\n"
                        + "credit files, answers revokes with revoke keys. Once and exit, or with --every repeatedly until stopped."));
    }

    private static void add(Command command) {
        COMMANDS.put(command.name(), command);
    }

    private EdgeAgent() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs one command; answers 0, 1 for a refusal, 2 for a usage error. Never exits the JVM. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || "--help".equals(args[0]) || "help".equals(args[0]) || "-h".equals(args[0])) {
                out.print(overview());
                return args.length == 0 ? AgentException.USAGE : 0;
            }
            Command command = COMMANDS.get(args[0]);
            if (command == null) {
                throw AgentException.usage("no command '" + args[0] + "' (see 'agent --help')");
            }
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
                out.println("usage: agent " + command.usage());
                out.println(command.help());
                return 0;
            }
            Set<String> options = new HashSet<>(command.options());
            options.add("home");
            options.add("now");
            Args parsed = Args.parse(command.name(), rest, options, command.flags());
            if (!"apply".equals(command.name()) && !parsed.positional().isEmpty()) {
                throw AgentException.usage("'" + command.name() + "' takes no argument " + parsed.positional().get(0));
            }
            return new EdgeAgent.Session(parsed, in, out, err).run();
        } catch (AgentException e) {
            err.println("error: " + e.code() + ": " + oneLine(e.getMessage()));
            return e.exitCode();
        } catch (GrantflowException e) {
            err.println("error: " + e.code() + ": " + oneLine(e.getMessage()));
            return AgentException.FAILED;
        } catch (RuntimeException e) {
            err.println("error: internal: " + oneLine(String.valueOf(e)));
            return AgentException.FAILED;
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String overview() {
        StringBuilder s = new StringBuilder("usage: agent <command> --home DIR [options]   (--now ISO or $" + NOW_ENV
                + " overrides the clock)\n\ncommands:\n");
        COMMANDS.values().forEach(c -> s.append("  ").append(c.usage()).append('\n'));
        return s.append("\n'agent <command> --help' explains one command.\n").toString();
    }

    /** One command run against one edge directory. */
    private static final class Session {
        private final Args args;
        private final InputStream in;
        private final PrintStream out;
        private final PrintStream err;
        private final EdgeHome home;
        private final Supplier<Instant> clock;

        Session(Args args, InputStream in, PrintStream out, PrintStream err) {
            this.args = args;
            this.in = in;
            this.out = out;
            this.err = err;
            this.home = new EdgeHome(Path.of(args.required("home")));
            String fixed = args.option("now", System.getenv(NOW_ENV));
            if (fixed != null && !fixed.isBlank()) {
                try {
                    Instant at = Instant.parse(fixed.strip());
                    this.clock = () -> at;
                } catch (DateTimeParseException e) {
                    throw AgentException.usage("--now / " + NOW_ENV + " must be an ISO-8601 instant such as 2030-01-01T00:00:00Z, not " + fixed);
                }
            } else {
                this.clock = Instant::now;
            }
        }

        int run() {
            switch (args.command()) {
                case "init" -> init();
                case "trust" -> trust();
                case "update-token" -> updateToken();
                case "apply" -> apply();
                case "status" -> status();
                case "use" -> out.println(holdings().use(args.required("resource"), args.positiveInt("credits")));
                case "release" -> out.println(holdings().release(args.required("resource")));
                case "revoke-key" -> revokeKey();
                case "call-in" -> callIn();
                default -> throw AgentException.usage("no command '" + args.command() + "'");
            }
            return 0;
        }

        private Holdings holdings() {
            return new Holdings(home, home.identity(), clock.get());
        }

        private void init() {
            String id = args.option("id");
            if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
                throw AgentException.usage("--id may hold letters, digits and . _ : - (at most 100), not " + id);
            }
            EdgeIdentity.Kind kind = kind(args.option("kind"));
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
            if (args.option("issuer") != null) {
                identity.issuer = args.option("issuer");
            }
            home.saveIdentity(identity);
            err.println(identity.kind + " " + (identity.id == null ? "(id to come)" : identity.id) + " in " + home.dir()
                    + "; its public key, to link in Grantflow:");
            out.println(identity.privateKey().toPublicJWK().toJSONString());
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

        private void trust() {
            EdgeIdentity identity = home.identity();
            String source = args.required("jwks");
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
            if (args.option("issuer") != null) {
                identity.issuer = args.option("issuer");
                home.saveIdentity(identity);
            }
            home.saveTrust(keys.toPublicJWKSet());
            out.println("trusting " + keys.getKeys().size() + " key(s) of " + identity.issuer + ": "
                    + String.join(", ", keys.getKeys().stream().map(JWK::getKeyID).toList()));
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

        private void updateToken() {
            EdgeIdentity identity = home.identity();
            if (identity.kind != EdgeIdentity.Kind.installation) {
                throw new AgentException("not-an-installation", "Only an installation makes update tokens; this edge is a " + identity.kind);
            }
            String activationId = args.required("activation");
            EdgeState.Activation activation = home.state().activations.get(activationId);
            if (activation == null) {
                throw new AgentException("unknown-activation", "This installation holds no activation " + activationId
                        + " (apply its connection token first)");
            }
            Duration ttl = Args.duration("ttl", args.option("ttl", "24h"));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("seats", activation.seats);
            if (activation.license != null) {
                claims.put("license", activation.license);
            }
            EdgeSigner.Signed token = new EdgeSigner(identity).sign(TokenType.UPDATE, activationId, clock.get(), ttl, claims);
            String link = CallInClient.stripSlash(args.option("portal", DEFAULT_PORTAL)) + "/m/update#token="
                    + URLEncoder.encode(token.compact(), StandardCharsets.UTF_8);
            if (args.option("qr") != null) {
                QrCode.writePng(link, Path.of(args.option("qr")));
                err.println("QR code of " + link.substring(0, link.indexOf('#')) + " written to " + args.option("qr"));
            }
            if (args.flag("qr-terminal")) {
                err.print(QrCode.terminal(link));
            }
            out.println(token.compact());
        }

        private void apply() {
            if (args.positional().size() != 1) {
                throw AgentException.usage("'apply' takes one FILE (or - for standard input)");
            }
            String compact = read(args.positional().get(0));
            EdgeIdentity identity = home.identity();
            Holdings.Applied applied = new Holdings(home, identity, clock.get()).apply(compact);
            applied.lines().forEach(out::println);
            if (applied.receipt() != null) {
                if (args.option("receipt") != null) {
                    home.writeText(Path.of(args.option("receipt")).toAbsolutePath(), applied.receipt().compact() + "\n", false);
                }
                out.println("receipt to hand back to Grantflow (the next call-in posts it too):");
                out.println(applied.receipt().compact());
            }
        }

        private void status() {
            EdgeIdentity identity = home.identity();
            boolean trusted = Files.exists(home.trustFile());
            Status.of(identity, home.state(), trusted, clock.get()).forEach(out::println);
        }

        private void revokeKey() {
            String assignment = args.required("assignment");
            EdgeSigner.Signed key = holdings().revokeKey(assignment, null);
            err.println("assignment " + assignment + " given up; its revoke key, for the operator to paste in Grantflow:");
            out.println(key.compact());
        }

        private void callIn() {
            EdgeIdentity identity = home.identity();
            identity.requireId();
            CallInSync sync = new CallInSync(home, identity, new CallInClient(args.required("portal")), clock, out);
            String every = args.option("every");
            if (every == null) {
                sync.syncOnce();
                return;
            }
            Duration period = Args.duration("every", every);
            if (period.isNegative() || period.isZero()) {
                throw AgentException.usage("--every must be longer than zero");
            }
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    sync.syncOnce();
                } catch (RuntimeException e) {
                    // a daemon keeps going: the portal may be back at the next round
                    String code = e instanceof AgentException a ? a.code() : e instanceof GrantflowException g ? g.code() : "internal";
                    err.println("error: " + code + ": " + oneLine(e instanceof AgentException || e instanceof GrantflowException
                            ? e.getMessage() : String.valueOf(e)));
                }
                try {
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
