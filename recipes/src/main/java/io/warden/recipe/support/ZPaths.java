package io.warden.recipe.support;

/**
 * Joining and splitting znode paths (the inputs are assumed valid; the client validates before
 * sending). Stateless.
 */
public final class ZPaths {
    private ZPaths() {
    }

    /** {@code parent/child}, with no double slash under the root. */
    public static String join(String parent, String child) {
        return "/".equals(parent) ? "/" + child : parent + "/" + child;
    }

    /** The last segment of {@code path} ("" for the root). */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent of {@code path} ("/" for a top-level node; {@code null} for the root). */
    public static String parent(String path) {
        if ("/".equals(path)) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** Whether {@code path} is {@code root} or below it. */
    public static boolean isWithin(String path, String root) {
        if ("/".equals(root)) {
            return path.startsWith("/");
        }
        return path.equals(root) || path.startsWith(root + "/");
    }

    /** Number of segments ("/" is 0, "/a" is 1, "/a/b" is 2). */
    public static int depth(String path) {
        if ("/".equals(path)) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }
}
