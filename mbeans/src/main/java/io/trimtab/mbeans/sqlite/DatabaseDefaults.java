package io.trimtab.mbeans.sqlite;

/**
 * What every database of one runtime shares: the page cache size of each connection and whether profiles that
 * can lose committed data are allowed.
 *
 * @param cacheSizeKib        page cache per connection in KiB, 256 to 1048576
 * @param allowUnsafeProfiles whether {@link Profile#FAST_UNSAFE} may be used
 */
public record DatabaseDefaults(int cacheSizeKib, boolean allowUnsafeProfiles) {

    public static final int MIN_CACHE_SIZE_KIB = 256;
    public static final int MAX_CACHE_SIZE_KIB = 1_048_576;

    /** 16 MiB of page cache per connection, unsafe profiles refused. */
    public static final DatabaseDefaults STANDARD = new DatabaseDefaults(16_384, false);

    public DatabaseDefaults {
        if (cacheSizeKib < MIN_CACHE_SIZE_KIB || cacheSizeKib > MAX_CACHE_SIZE_KIB) {
            throw new IllegalArgumentException("cacheSizeKib must be between " + MIN_CACHE_SIZE_KIB + " and "
                    + MAX_CACHE_SIZE_KIB + " but was " + cacheSizeKib);
        }
    }

    /**
     * Returns {@code profile} if these defaults allow it.
     *
     * @throws IllegalArgumentException for an unsafe profile without the opt-in
     */
    public Profile requireAllowed(Profile profile) {
        if (profile.isUnsafe() && !allowUnsafeProfiles) {
            throw new IllegalArgumentException("profile " + profile.id() + " is refused: it can lose committed"
                    + " transactions on a power loss; set sqlite.allowUnsafeProfiles=true to allow it");
        }
        return profile;
    }
}
