package io.uniclick.dsl.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.element.ElementRegistry;
import io.uniclick.dsl.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializeFailureTest {
    static final List<String> LOG = new ArrayList<>();

    /** Holds a "resource" from initialize until cleanup. */
    @ElementInfo(name = "Holder", ports = "0/0", processing = "a/a")
    public static final class Holder extends Element {
        boolean open;

        @Override
        public void initialize() {
            open = true;
            LOG.add("open " + name());
        }

        @Override
        public void cleanup() {
            if (open) {
                LOG.add("close " + name());
                open = false;
            }
        }
    }

    /** Fails to initialize. */
    @ElementInfo(name = "Failing", ports = "0/0", processing = "a/a")
    public static final class Failing extends Element {
        @Override
        public void initialize() throws ConfigException {
            throw new ConfigException("cannot open device");
        }

        @Override
        public void cleanup() {
            throw new NullPointerException("cleanup of an element that never initialized");
        }
    }

    @Test
    void aFailedInitializeReleasesWhatTheOtherElementsAcquiredAndReportsEveryError() {
        LOG.clear();
        ElementRegistry reg = new ElementRegistry();
        reg.register(Holder.class);
        reg.register(Failing.class);
        Diagnostics d = new Diagnostics();
        var r = RouterCompiler.compile("a :: Holder; f :: Failing; b :: Holder; g :: Failing;", "config", Map.of(), reg,
                RouterCompiler.Options.defaults(), d, List.of());
        assertNull(r);
        assertEquals(List.of("open a", "open b", "close b", "close a"), LOG);
        String text = d.toString();
        assertTrue(text.contains("config:1: While initializing 'f :: Failing':"), text);
        assertTrue(text.contains("While initializing 'g :: Failing':"), text);
        assertTrue(text.contains("cannot open device"), text);
    }
}
