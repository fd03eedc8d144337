package dev.muster.hcl;

/** HCL that does not parse, with {@code FILE:LINE:COL: what is wrong}. */
public final class HclException extends RuntimeException {
    public HclException(String message) {
        super(message, null, false, false);
    }
}
