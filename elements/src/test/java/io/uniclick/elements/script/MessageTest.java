package io.uniclick.elements.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uniclick.elements.TestRouter;
import org.junit.jupiter.api.Test;

class MessageTest {
    @Test
    void messageIsPrintedAtConfiguration() {
        TestRouter t = TestRouter.compile("Message(\"hello, world\");");
        assertNotNull(t.router, t.errors());
        assertEquals("config:1: hello, world\n", t.printed());
    }

    @Test
    void warningIsMarked() {
        TestRouter t = TestRouter.compile("Message(deprecated, WARNING);");
        assertNotNull(t.router, t.errors());
        assertEquals("config:1: warning: deprecated\n", t.printed());
    }

    @Test
    void errorFailsTheRouter() {
        TestRouter t = TestRouter.compile("Message(\"do not run this\", ERROR);");
        assertNull(t.router);
        assertTrue(t.errors().contains("config:1: While configuring 'Message@1 :: Message':"), t.errors());
        assertTrue(t.errors().contains("  do not run this"), t.errors());
    }

    @Test
    void unknownTypeIsRejected() {
        TestRouter t = TestRouter.compile("Message(x, LOUD);");
        assertNull(t.router);
        assertTrue(t.errors().contains("unrecognized message type"), t.errors());
    }
}
