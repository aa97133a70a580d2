/**
 * multistream-select 1.0 ({@code /multistream/1.0.0}): protocol negotiation on a connection or a
 * stream. The public binding is {@link org.kith.p2p.multistream.MultistreamSelect}.
 */
package org.kith.p2p.multistream;
