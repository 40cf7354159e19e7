/**
 * JMH benchmarks of Warden's state machine alone ({@code io.warden.server.state.StateMachine}),
 * driven directly on the benchmark thread with no network, log or sequencer: what one apply or
 * read costs against a large tree.
 */
package io.warden.bench.state;
