/**
 * libp2p's Noise secure channel ({@code /noise}, {@code Noise_XX_25519_ChaChaPoly_SHA256}).
 *
 * <p>Public surface: {@link org.kith.p2p.noise.NoiseSecureChannel} (the Netty handler and its
 * factories), {@link org.kith.p2p.noise.NoiseSession} (the handshake's result) and
 * {@link org.kith.p2p.noise.NoiseException} (why it failed). Everything else is package-private:
 * the Noise core ({@code CipherState}, {@code SymmetricState}, {@code HandshakeState},
 * {@code X25519KeyPair}; pure Java, checked against the cacophony and snow test vectors), the
 * hand-written protobuf codecs ({@code NoiseHandshakePayload}, {@code NoiseExtensions}) and the
 * libp2p handshake logic ({@code Libp2pHandshake}).
 *
 * <p>Specs: Noise Protocol Framework revision 34; libp2p/specs {@code noise/README.md}.
 */
package org.kith.p2p.noise;
