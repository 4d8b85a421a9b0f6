package dev.ddbr.backup.doctor;

import dev.ddbr.error.DdbrException;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Reads what {@link VaultKeys} judges about a vault's key: kms:DescribeKey ({@code KeyManager}, {@code KeyState}),
 * then, for a customer managed key when asked, its default policy (kms:GetKeyPolicy). One reader for
 * {@code backup doctor} and the audit's copy checks. A call that fails is recorded in {@link VaultKeys.Key#error()},
 * never thrown.
 */
public final class VaultKeyReader {
    private VaultKeyReader() {}

    /**
     * @param vault      the vault's name (for the verdict's text)
     * @param keyArn     DescribeBackupVault {@code EncryptionKeyArn}; null when the vault reported none
     * @param readPolicy read the policy of a customer managed key (the source vault's key, which must be shared)
     * @param why        how the caller words an AWS error
     */
    public static VaultKeys.Key read(KmsClient kms, String vault, String keyArn, boolean readPolicy, Function<SdkException, String> why) {
        if (keyArn == null) return new VaultKeys.Key(vault, null, null, null, null, "DescribeBackupVault reported no EncryptionKeyArn");
        String manager;
        String state;
        try {
            var md = kms.describeKey(b -> b.keyId(keyArn)).keyMetadata();
            manager = md.keyManagerAsString();
            state = md.keyStateAsString();
        } catch (SdkException | DdbrException e) {
            return new VaultKeys.Key(vault, keyArn, null, null, null,
                    "kms:DescribeKey: " + (e instanceof SdkException se ? why.apply(se) : e.getMessage()));
        }
        if (!readPolicy || !"CUSTOMER".equals(manager)) return new VaultKeys.Key(vault, keyArn, manager, state, null, null);
        try {
            return new VaultKeys.Key(vault, keyArn, manager, state, kms.getKeyPolicy(b -> b.keyId(keyArn).policyName("default")).policy(), null);
        } catch (SdkException | DdbrException e) {
            return new VaultKeys.Key(vault, keyArn, manager, state, null,
                    "kms:GetKeyPolicy: " + (e instanceof SdkException se ? why.apply(se) : e.getMessage()));
        }
    }
}
