package dev.ddbr.profile;

/**
 * Profile-wide restore settings.
 *
 * @param verifyItemsMaxGib restores count the items of the restored table (and of the source at the restore's time,
 *                          where known) by default when the source is at most this many GiB; 0: only with
 *                          {@code --verify-items}
 */
public record RestoreSettings(int verifyItemsMaxGib) {
    public static final RestoreSettings DEFAULTS = new RestoreSettings(1);
}
