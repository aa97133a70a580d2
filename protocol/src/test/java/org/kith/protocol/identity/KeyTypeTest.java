package org.kith.protocol.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTypeTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"RSA, 0", "ED25519, 1", "SECP256K1, 2", "ECDSA, 3"})
    void usesTheLibp2pProtobufEnumNumbers(KeyType type, int number) {
        assertEquals(number, type.number());
        assertSame(type, KeyType.forNumber(number));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {-1, 4, 5, 127, 128, 256 + 1, Integer.MAX_VALUE + 2L, 4294967297L, Long.MAX_VALUE, Long.MIN_VALUE})
    void returnsNullForUnknownNumbers(long number) {
        assertNull(KeyType.forNumber(number));
    }

    @Test
    void definesExactlyTheFourSpecKeyTypes() {
        assertEquals(4, KeyType.values().length);
    }
}
