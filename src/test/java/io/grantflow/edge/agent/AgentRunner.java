package io.grantflow.edge.agent;

import com.nimbusds.jose.jwk.ECKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs agent commands in-process against one edge directory, as the command line would. */
final class AgentRunner {

    record Result(int exit, String out, String err) {

        /** The last non-blank line of standard output (where token-printing commands put the token). */
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1].strip();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Path home;
    private String now;

    AgentRunner(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    /** The agent's clock for the following commands (null: the system clock). */
    AgentRunner at(String instant) {
        this.now = instant;
        return this;
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add(1, "--home");
        all.add(2, home.toString());
        if (now != null) {
            all.add("--now");
            all.add(now);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EdgeAgent.run(all.toArray(String[]::new), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The edge's public key, as init printed it. */
    ECKey publicKey() {
        try {
            return ECKey.parse(EdgeHome.JSON.readTree(home.resolve("edge.json").toFile()).get("key").toString()).toPublicJWK();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    String stateFile() {
        try {
            Path file = home.resolve("state.json");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(String name, String content) {
        try {
            Path file = home.getParent().resolve(name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
