package dev.ddbr.backup.doctor;

import dev.ddbr.testing.LocalAws;
import software.amazon.awssdk.regions.Region;

/** The doctor IT's moto fixtures (KMS keys in an account, with a policy sharing them), for other ITs. */
public final class BackupDoctorITSupport {
    private BackupDoctorITSupport() {}

    /** A customer managed key in moto in {@code owner}'s account and {@code region}, shared with {@code shareWith} (or nobody). */
    public static String key(LocalAws aws, String owner, String shareWith, Region region) {
        return BackupDoctorIT.key(aws, owner, shareWith, region);
    }
}
