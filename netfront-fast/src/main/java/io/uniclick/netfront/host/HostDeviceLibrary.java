package io.uniclick.netfront.host;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementLibrary;
import java.util.List;

/** The host network device elements: AF_PACKET FromDevice/ToDevice and TAP FromHost/ToHost. */
public final class HostDeviceLibrary implements ElementLibrary {
    @Override
    public List<Class<? extends Element>> elementClasses() {
        return List.of(FromDevice.class, ToDevice.class, FromHost.class, ToHost.class);
    }
}
