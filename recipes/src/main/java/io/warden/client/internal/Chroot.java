package io.warden.client.internal;

/**
 * Maps client paths to server paths and back for a chroot ({@code null}: no chroot, both maps are
 * the identity). Prepending: "/" becomes the chroot itself, "/a" becomes chroot + "/a". Stripping:
 * the chroot itself becomes "/", chroot + "/a" becomes "/a"; a server path outside the chroot is
 * returned unchanged. Immutable.
 */
public record Chroot(String root) {
    public static final Chroot NONE = new Chroot(null);

    public String toServer(String clientPath) {
        if (root == null || clientPath == null) {
            return clientPath;
        }
        return clientPath.equals("/") ? root : root + clientPath;
    }

    public String toClient(String serverPath) {
        if (root == null || serverPath == null) {
            return serverPath;
        }
        if (serverPath.equals(root)) {
            return "/";
        }
        if (serverPath.startsWith(root) && serverPath.length() > root.length()
                && serverPath.charAt(root.length()) == '/') {
            return serverPath.substring(root.length());
        }
        return serverPath;
    }
}
