package io.uniclick.netfront.element;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Xen netfront elements. */
public final class NetfrontLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(FromNetFront.class, ToNetFront.class);
    }

    /**
     * ClickOS's device aliases inside a Xen guest: {@code FromDevice} → {@link FromNetFront},
     * {@code ToDevice} → {@link ToNetFront}. Not registered globally, because {@code FromDevice} and
     * {@code ToDevice} are also the host AF_PACKET elements. The plan: the launcher (or image builder)
     * applies this map when it targets a Xen guest ({@code uniclick build --xen}, or at boot when
     * {@link #runningInXenGuest()} is true and no host interface of that name exists), so the same
     * ClickOS configuration runs unchanged.
     */
    public static Map<String, Class<? extends Element>> xenGuestAliases() {
        return Map.of("FromDevice", FromNetFront.class, "ToDevice", ToNetFront.class);
    }

    /** Whether this process runs in a Xen guest with {@code /dev/xen/xenbus}, or is configured for the emulated one. */
    public static boolean runningInXenGuest() {
        return io.uniclick.netfront.front.XenEnvironment.configuredSocket() != null || Files.exists(Path.of("/dev/xen/xenbus"));
    }
}
