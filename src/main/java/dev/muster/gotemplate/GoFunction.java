package dev.muster.gotemplate;

import java.util.List;

/**
 * A function a template may call. Arguments arrive evaluated, in order, the piped value last; a missing value
 * ({@link Missing}) arrives as {@code null}, as Go passes the zero of {@code interface{}}. An
 * {@link ArgumentException} is reported as it is (Go's arity and type errors); any other exception as
 * {@code error calling NAME: message}.
 */
@FunctionalInterface
public interface GoFunction {
    Object call(List<Object> args) throws Exception;

    /** Go's messages for arguments a function cannot take: {@code wrong number of args for F: want N got M}. */
    final class ArgumentException extends RuntimeException {
        public ArgumentException(String message) {
            super(message, null, false, false);
        }

        public static void requireCount(String function, List<Object> args, int want) {
            if (args.size() != want) {
                throw new ArgumentException("wrong number of args for " + function + ": want " + want + " got "
                        + args.size());
            }
        }

        public static void requireAtLeast(String function, List<Object> args, int want) {
            if (args.size() < want) {
                throw new ArgumentException("wrong number of args for " + function + ": want at least " + want
                        + " got " + args.size());
            }
        }
    }
}
