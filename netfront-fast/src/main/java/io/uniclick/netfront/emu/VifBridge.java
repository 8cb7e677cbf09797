package io.uniclick.netfront.emu;

import java.lang.foreign.MemorySegment;

/**
 * What an emulated vif is connected to on the host side: it supplies the frames the guest
 * receives and takes the frames the guest sends. Called on the backend thread only; implementations
 * should not allocate per frame.
 */
public interface VifBridge {
    /** Writes the next frame for the guest into {@code buf} (capacity {@code cap}); returns its length, or -1 if none now. */
    int nextRx(MemorySegment buf, int cap);

    /** Takes a frame the guest sent ({@code len} bytes of {@code buf} from 0). */
    void tx(MemorySegment buf, int len);

    /**
     * Called after each batch of {@link #tx} calls: a bridge that queues frames (a packet ring)
     * hands them to the kernel here, with one system call per batch.
     */
    default void flush() {
    }

    /**
     * Whether frames arrive whether or not the guest is ready (a host device) rather than on demand
     * (a file, a generator). The netback drops and counts a live bridge's frames while the guest has
     * no RX buffer posted for too long or is not connected, as netback drops on a stalled vif, so that
     * stale frames do not pile up; an on-demand bridge is simply not asked for frames then.
     */
    default boolean live() {
        return false;
    }

    /** Releases files. */
    default void close() {
    }

    /** A bridge that never supplies frames and discards what it gets. */
    VifBridge NULL = new VifBridge() {
        @Override
        public int nextRx(MemorySegment buf, int cap) {
            return -1;
        }

        @Override
        public void tx(MemorySegment buf, int len) {
        }
    };
}
