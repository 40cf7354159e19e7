package io.warden.recipe.json;

/** Text that is not JSON (or exceeds the reader's bounds); the message gives the offset. */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
