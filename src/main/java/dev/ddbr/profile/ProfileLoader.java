package dev.ddbr.profile;

import dev.ddbr.error.DdbrException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates a profile. Every problem is a {@link DdbrException} with exit code 253 and a
 * one-line message: {@code file:line:column: what is wrong} for problems in the text, {@code file: what
 * is wrong} for problems with the file itself (missing, a directory, unreadable).
 */
public final class ProfileLoader {
    /** For problems whose own hint would only repeat the message: where the schema is written down. */
    static final String SCHEMA_HINT = "docs/profile.md lists every key with its type and range; "
            + "'ddbr profile init -' prints a commented example";

    /** Profiles are small; anything larger is a mistake (a log file, a binary). */
    static final long MAX_BYTES = 1024 * 1024;

    private static final String INIT_HINT = "'ddbr profile init' prints a commented starter profile";

    private ProfileLoader() {}

    /** Loads and validates the profile in {@code file}. */
    public static Profile load(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw DdbrException.config(name + ": is a directory, not a profile file", "pass the profile's .yaml file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw DdbrException.config(name + ": too large for a profile (" + Files.size(file) + " bytes, limit "
                        + MAX_BYTES + ")", "check the path");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DdbrException.config(name + ": no such profile file", "check the path given to -p/--profile or DDBR_PROFILE");
        } catch (AccessDeniedException e) {
            throw DdbrException.config(name + ": cannot read the profile: permission denied", "check the file's permissions");
        } catch (IOException e) {
            throw DdbrException.config(name + ": cannot read the profile: " + Text.oneLine(e.getMessage()), "check the path and the file", e);
        }
        return parse(decode(bytes, name), name, file);
    }

    /** Validates profile text not read from a file (a test, stdin, the starter); {@code name} labels messages. */
    public static Profile parse(String yaml, String name) {
        return parse(yaml, name, null);
    }

    private static Profile parse(String yaml, String name, Path source) {
        try {
            String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
            Optional<YamlNode> root = YamlNode.parse(text);
            if (root.isEmpty()) {
                throw new ProfileProblem(YamlNode.Location.START, "the profile is empty", INIT_HINT);
            }
            Map<String, Object> values = Validator.validate(root.get());
            return Binder.profile(values, source);
        } catch (ProfileProblem p) {
            throw DdbrException.config(name + ":" + p.location() + ": " + p.getMessage(),
                    p.hint() != null ? p.hint() : SCHEMA_HINT);
        }
    }

    /** Strict UTF-8, so a binary or Latin-1 file is reported instead of read as garbage. */
    private static String decode(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw DdbrException.config(name + ":" + line + ":" + (at - lineStart + 1) + ": not valid UTF-8 text",
                    "save the profile as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
