package org.kith.node.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.WireEnum;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters: wire names for enums, ISO dates. A bad value is a usage error (exit 2). */
final class Converters {

    private Converters() {
    }

    abstract static class Wire<E extends Enum<E> & WireEnum> implements ITypeConverter<E> {
        private final Class<E> type;

        Wire(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            E e = WireEnum.fromWire(type, value);
            if (e == null) {
                throw new TypeConversionException("'" + value + "' is not one of " + WireEnum.choices(type));
            }
            return e;
        }
    }

    static final class Kind extends Wire<ProposalKind> {
        Kind() {
            super(ProposalKind.class);
        }
    }

    static final class Status extends Wire<ProposalStatus> {
        Status() {
            super(ProposalStatus.class);
        }
    }

    static final class CommitmentState extends Wire<CommitmentStatus> {
        CommitmentState() {
            super(CommitmentStatus.class);
        }
    }

    static final class Verdict extends Wire<Outcome> {
        Verdict() {
            super(Outcome.class);
        }
    }

    static final class Level extends Wire<TrustLevel> {
        Level() {
            super(TrustLevel.class);
        }
    }

    static final class Date implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date YYYY-MM-DD");
            }
        }
    }
}
