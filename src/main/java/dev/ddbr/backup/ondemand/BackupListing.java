package dev.ddbr.backup.ondemand;

import dev.ddbr.backup.BackupEntry;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.util.ArrayList;
import java.util.List;

/** Result of {@code backup list} and {@code backup create}: {@code {"backups": [...], "notes": [...]}}. */
public record BackupListing(List<BackupEntry> backups, List<String> notes) implements TextRenderable {
    @Override
    public void renderText(TextWriter out) {
        List<List<String>> rows = new ArrayList<>();
        for (BackupEntry b : backups) {
            rows.add(TextWriter.row(b.createdAt() == null ? null : b.createdAt().toString(), b.table(), b.name(),
                    b.source().equals("aws-backup") ? "recovery point"
                            : b.source().equals("native-export") ? ("INCREMENTAL_EXPORT".equals(b.type()) ? "native incremental" : "native export")
                            : b.type().toLowerCase(java.util.Locale.ROOT),
                    b.status(), b.sizeBytes() == null ? null : bytes(b.sizeBytes()), b.arn()));
        }
        if (rows.isEmpty()) {
            out.line("no backups");
        } else {
            out.table(List.of("created", "table", "name", "type", "status", "size", "arn"), rows);
        }
    }

    /** 1.5 KB, 12.0 MB: binary units, one decimal. */
    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = b;
        int i = -1;
        do { v /= 1024; i++; } while (v >= 1024 && i < units.length - 1);
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
