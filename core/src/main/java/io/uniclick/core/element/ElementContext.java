package io.uniclick.core.element;

import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.packet.PacketPool;
import java.io.PrintStream;

/** What a running router offers its elements at initialization (and afterwards, off the data path). */
public interface ElementContext {
    /** The packet pool of {@code e}'s home thread. */
    PacketPool pool(Element e);

    /** Current time in nanoseconds since the epoch (virtual under {@code --simtime}). */
    long now();

    /** Registers a task; it starts scheduled on its element's home thread. */
    void addTask(Task t);

    /** Arms {@code t} to fire at {@code when} (clock nanoseconds) on {@code owner}'s home thread. */
    void schedule(Element owner, Timer t, long when);

    /** Disarms {@code t}. */
    void unschedule(Element owner, Timer t);

    /** A driver stop event (Click's {@code please_stop_driver}). */
    void pleaseStop();

    /** Finds an element by name, first relative to {@code context}'s compound prefix; null if none. */
    Element findElement(Element context, String name);

    /** Calls a read handler named {@code elem.handler} (or a global one) with an optional parameter. */
    String readHandler(Element context, String name, String param) throws HandlerException;

    /** Calls a write handler named {@code elem.handler} (or a global one). */
    void writeHandler(Element context, String name, String value) throws HandlerException;

    /** Where elements print diagnostics and traces, Click's standard error (Print, IPPrint, warnings). */
    PrintStream errors();

    /** Standard output (Script's {@code print}), redirectable in tests. */
    PrintStream output();

    /** Whether the driver has been told to stop (lets a blocking element give up). */
    boolean stopped();

    /** The router's AddressInfo names. */
    io.uniclick.core.runtime.AddressTable addresses();

    /** Number of driver threads. */
    int threadCount();
}
