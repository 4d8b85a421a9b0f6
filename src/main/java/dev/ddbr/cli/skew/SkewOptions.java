package dev.ddbr.cli.skew;

import dev.ddbr.error.DdbrException;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import picocli.CommandLine.Option;

/** Options every skew command shares. Defaults come from the profile's tables[].skew, then built-ins. */
public class SkewOptions {
    @Option(names = "--top", paramLabel = "N", description = "How many of the hottest keys to list (default: the profile's "
            + "tables[].skew.top, else 10).")
    Integer top;

    @Option(names = "--max-key-share", paramLabel = "SHARE", description = "The largest share (0 to 1) of the table's or a "
            + "GSI's items (requests, for insights) one key may hold; above it the key is SKEWED, and HOT (exit 1) when it "
            + "could also throttle at the table's size (default: the profile's tables[].skew.max_key_share, else 0.10).")
    Double maxKeyShare;

    @Option(names = "--exact-keys", paramLabel = "N", description = "Count keys exactly up to this many distinct keys per "
            + "worker, then switch to sketches with stated error bounds (default: ${DEFAULT-VALUE}).", defaultValue = "500000")
    int exactKeys;

    TableProfile.Skew resolve(Profile profile, String table) {
        TableProfile.Skew p = table == null ? TableProfile.defaults("x").skew() : profile.tableOrDefaults(table).skew();
        int t = top != null ? top : p.top();
        double m = maxKeyShare != null ? maxKeyShare : p.maxKeyShare();
        if (t < 1 || t > 1000) throw DdbrException.invalid("--top must be between 1 and 1000, not " + t, null);
        if (!(m > 0 && m <= 1)) throw DdbrException.invalid("--max-key-share must be in (0, 1], not " + m, "for 10% write 0.10");
        if (exactKeys < 1) throw DdbrException.invalid("--exact-keys must be at least 1", null);
        return new TableProfile.Skew(m, t);
    }
}
