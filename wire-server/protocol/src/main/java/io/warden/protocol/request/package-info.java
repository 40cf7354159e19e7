/**
 * One immutable record per jute request class (sealed {@link io.warden.protocol.request.Request}),
 * plus the headers, the ConnectRequest and {@link io.warden.protocol.request.RequestFrame}. Each
 * record writes itself and has a static {@code read}. Compact constructors copy but never
 * validate paths: the server must answer BADARGUMENTS as ZooKeeper does.
 */
package io.warden.protocol.request;
