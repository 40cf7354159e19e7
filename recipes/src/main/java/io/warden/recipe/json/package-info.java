/**
 * A tiny JSON reader and writer ({@link io.warden.recipe.json.Json}) over immutable values
 * ({@link io.warden.recipe.json.JsonValue}), enough for the service registry's instance records
 * (curator-x-discovery's format) and JSON configuration values, without a JSON library in product
 * code. RFC 8259; bounded depth and length; object members keep their order.
 *
 * <p>May depend on: the JDK only. Threading: stateless and immutable.
 */
package io.warden.recipe.json;
