package dev.ddbr.skew.export;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** An export in a local folder (for example one synced down with {@code aws s3 sync}). */
public final class LocalExportStore implements ExportStore {
    private final Path root;

    public LocalExportStore(Path root) {
        this.root = root;
    }

    @Override public String location() { return root.toString(); }

    @Override public String describe(String relative) { return root.resolve(relative).toString(); }

    @Override public boolean exists(String relative) { return Files.isRegularFile(root.resolve(relative)); }

    @Override
    public InputStream open(String relative) throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(root.resolve(relative)), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(describe(relative));
        }
    }

    @Override
    public List<String> find(String name, int maxDepth) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.find(root, maxDepth + 1, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(name))) {
            return s.map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    @Override public ExportStore at(String relativeFolder) { return new LocalExportStore(root.resolve(relativeFolder)); }
}
