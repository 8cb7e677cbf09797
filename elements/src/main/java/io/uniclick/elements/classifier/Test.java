package io.uniclick.elements.classifier;

/**
 * One comparison on a packet field: the big-endian value of {@code width} bytes at {@code off} in a
 * header {@code space}, masked, compared with {@code value} for equality or unsigned "greater than".
 * When the packet does not contain every byte the mask covers, the test does not compare and
 * yields {@code shortYes} (Click's "short output"). Built through {@link #of}, which trims
 * zero-mask bytes so that equal fields get equal keys.
 */
record Test(int space, int off, int width, int mask, int op, int value, boolean shortYes) {
    /** Offsets from the data start (Classifier). */
    static final int DATA = 0;
    /** Offsets from the MAC header. */
    static final int MAC = 1;
    /** Offsets from the network (IP) header. */
    static final int NET = 2;
    /** Offsets from the transport header. */
    static final int TRANSP = 3;
    static final int NSPACES = 4;
    static final String[] SPACE_NAMES = {"", "mac+", "ip+", "transp+"};

    /** (field &amp; mask) == value. */
    static final int EQ = 0;
    /** (field &amp; mask) &gt; value, unsigned. */
    static final int GT = 1;

    /** The packet bytes needed: the test compares only if the space holds at least this many bytes. */
    int end() {
        return off + width;
    }

    /** Identifies the field (space, offset, width, mask); tests on one key are related by value. */
    long key() {
        return ((long) space << 60) | ((long) off << 40) | ((long) width << 32) | (mask & 0xFFFFFFFFL);
    }

    /** Width mask of this field. */
    static int fullMask(int width) {
        return width == 4 ? -1 : (1 << (8 * width)) - 1;
    }

    /**
     * A normalised test, or a constant ({@link Expr.Const}) when the mask is empty. {@code mask} and
     * {@code value} are aligned to the {@code width}-byte field at {@code off}.
     */
    static Expr of(int space, int off, int width, int mask, int op, int value, boolean shortYes) {
        mask &= fullMask(width);
        if (mask == 0) {
            return Expr.Const.of(op == EQ); // no byte is compared: always equal, never greater
        }
        if (op == EQ) {
            value &= mask; // bits outside the mask are ignored, as in Click
        }
        // trim leading zero-mask bytes
        while ((mask >>> (8 * (width - 1)) & 0xFF) == 0) {
            width--;
            off++;
            if (op == EQ) {
                value &= fullMask(width);
            } else {
                value = (int) Math.min(value & 0xFFFFFFFFL, fullMask(width) & 0xFFFFFFFFL);
            }
            mask &= fullMask(width);
        }
        // trim trailing zero-mask bytes
        while ((mask & 0xFF) == 0) {
            mask >>>= 8;
            value >>>= 8;
            width--;
        }
        if (op == GT && Integer.compareUnsigned(value, mask) >= 0) {
            return Expr.Const.of(false);
        }
        return new Expr.Leaf(new Test(space, off, width, mask, op, value, shortYes));
    }

    /** The test with the opposite short-packet result. */
    Test flipShort() {
        return new Test(space, off, width, mask, op, value, !shortYes);
    }

    /** Compares an extracted field value (all bytes present). */
    boolean compare(int field) {
        int x = field & mask;
        return op == EQ ? x == value : Integer.compareUnsigned(x, value) > 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(SPACE_NAMES[space]).append(off).append('/');
        String hexFmt = "%0" + (2 * width) + "x";
        sb.append(String.format(hexFmt, value & 0xFFFFFFFFL & fullMask(width)));
        if (mask != fullMask(width)) {
            sb.append('%').append(String.format(hexFmt, mask & 0xFFFFFFFFL));
        }
        if (op == GT) {
            sb.insert(0, "> ");
        }
        return sb.toString();
    }
}
