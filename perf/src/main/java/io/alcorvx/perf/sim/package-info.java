/**
 * Simulated host agents for end-to-end tests of the agent gateway (docs/goal-state-protocol.md §3–§5).
 *
 * <ul>
 *   <li>{@link io.alcorvx.perf.sim.SimulatedHost}: one {@code AgentSession.Connect} client that keeps
 *       its goal state as (ResourceType, map key) → configuration bytes, checks digests, ACKs/NACKs and
 *       reconnects with backoff;</li>
 *   <li>{@link io.alcorvx.perf.sim.SimulatedFleet}: thousands of them in one JVM over a few HTTP/2
 *       connections (one gRPC client each), no thread per host;</li>
 *   <li>{@link io.alcorvx.perf.sim.FleetDriver}: the command line.</li>
 * </ul>
 *
 * <h2>Running the fleet driver</h2>
 *
 * <pre>
 * mvn -q -pl perf -am package -DskipTests          # builds perf/target/alcor-benchmarks.jar (shaded: Vert.x,
 *                                                 # vertx-grpc-client, Netty HTTP/2, protobuf, picocli, HdrHistogram)
 * java -cp perf/target/alcor-benchmarks.jar io.alcorvx.perf.sim.FleetDriver \
 *     --gateway 127.0.0.1:9697 --hosts 5000 --connections 64 --token "$AGENT_TOKEN" \
 *     --ack-delay-ms 2 --nack-rate 0 --duration-s 120 --host-prefix host-
 * </pre>
 *
 * ({@code java -jar} runs JMH, the jar's main class; the driver is named with {@code -cp}.) Progress
 * every 5 s on stderr, a summary and one JSON line on stdout ({@code | tail -1 | jq}). Options:
 * {@code --event-loops}, {@code --start-rate} (hosts started per second, default all at once),
 * {@code --reconnect-min-ms}/{@code --reconnect-max-ms}, {@code --first-index}, {@code --max-message-mb},
 * {@code --progress-seconds}, {@code --no-heap-probe}; {@code --help} lists them.
 *
 * <p>Host ids are {@code <prefix><index>}; {@code --host-prefix host-} matches the hosts that
 * {@code PortCreateDriver --hosts N} binds ports to ({@code host-0 … host-N-1}).
 *
 * <p>Streams per connection: a Vert.x HTTP/2 server advertises {@code SETTINGS_MAX_CONCURRENT_STREAMS}
 * 100 unless configured, so use {@code hosts / connections <= 100} against such a gateway (the driver
 * warns when the advertised limit is lower than its hosts per connection; the hosts beyond it wait).
 *
 * <p>Latency committed → applied is {@code now - GoalStateDelta.committed_at_unix_micros} at the time
 * the ACK is sent; it needs the gateway's and the fleet's clocks to agree (same machine or NTP).
 */
package io.alcorvx.perf.sim;
