package io.warden.protocol;

/**
 * ZooKeeper path rules ({@code PathUtils.validatePath}), shared by the client (before sending)
 * and the server (which answers BADARGUMENTS where ZooKeeper does). Stateless.
 */
public final class Paths {
    private Paths() {
    }

    /** True if {@code path} is a valid znode path. */
    public static boolean isValid(String path) {
        return invalidReason(path) == null;
    }

    /**
     * Why a path is invalid, or {@code null} if it is valid. For sequential creates clients check
     * {@code path + "1"}, which lets a prefix end in '/'.
     */
    public static String invalidReason(String path) {
        if (path == null) {
            return "Path cannot be null";
        }
        int length = path.length();
        if (length == 0) {
            return "Path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "Path must start with / character";
        }
        if (length == 1) {
            return null;
        }
        if (path.charAt(length - 1) == '/') {
            return "Path must not end with / character";
        }
        char last = '/';
        for (int i = 1; i < length; i++) {
            char c = path.charAt(i);
            if (c == 0) {
                return "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                return "empty node name specified @" + i;
            } else if (c == '.' && last == '.') {
                if (path.charAt(i - 2) == '/' && (i + 1 == length || path.charAt(i + 1) == '/')) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (path.charAt(i - 1) == '/' && (i + 1 == length || path.charAt(i + 1) == '/')) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c > '\u0000' && c <= '\u001f'
                    || c >= '\u007f' && c <= '\u009F'
                    || c >= '\ud800' && c <= '\uf8ff'
                    || c >= '\ufff0' && c <= '\uffff') {
                return "invalid character @" + i;
            }
            last = c;
        }
        return null;
    }

    /** The parent of a valid non-root path ("/a" has parent "/"). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The last segment of a path ("/a/b" gives "b", "/" gives ""). */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Joins a parent path and a child name. */
    public static String child(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }
}
