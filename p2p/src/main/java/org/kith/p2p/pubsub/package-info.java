/**
 * Gossipsub v1.1 (with v1.0 and floodsub peers) on a {@link org.kith.p2p.Host}. The public binding is
 * {@link org.kith.p2p.pubsub.Gossipsub}; configuration is {@link org.kith.p2p.pubsub.GossipsubConfig}
 * (router {@link org.kith.p2p.pubsub.GossipsubParams}, {@link org.kith.p2p.pubsub.PeerScoreParams},
 * {@link org.kith.p2p.pubsub.PeerScoreThresholds}). Inside: the RPC value and codec ({@code Rpc},
 * {@code RpcCodec}, {@code RpcFrameDecoder}), StrictSign ({@code MessageAuth}), the caches
 * ({@code MessageCache}, {@code SeenCache}), scoring ({@code PeerScore}) and the event-driven router
 * core ({@code GossipRouter}), which the tests drive on a simulated network.
 */
package org.kith.p2p.pubsub;
