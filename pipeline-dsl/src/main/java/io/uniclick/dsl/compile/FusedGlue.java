package io.uniclick.dsl.compile;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.Port;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses a push path through {@link SimpleAction} elements into one generated port: its {@code push}
 * runs every packet of the batch through each element's {@code action} in turn (exact types in
 * trusted final fields, so each call inlines), compacts the survivors in place, pushes them to the
 * chain's last output once, then lets each element flush what it queued for other outputs.
 *
 * <p>Without fusion a batch of 32 packets is walked once per element; fused, once per chain: no
 * per-element loop, no per-element compaction, one batch hand-off.
 */
public final class FusedGlue {
    /** Longest chain fused into one loop (keeps the generated method inlinable); the shortest is two. */
    static final int MAX_CHAIN = 8;

    private static final ClassDesc CD_PORT = ClassDesc.of(Port.class.getName());
    private static final ClassDesc CD_BATCH = ClassDesc.of(PacketBatch.class.getName());
    private static final ClassDesc CD_PACKET = ClassDesc.of(Packet.class.getName());
    private static final ClassDesc CD_ELEMENT = ClassDesc.of(Element.class.getName());
    private static final MethodTypeDesc MTD_PUSH = MethodTypeDesc.of(ConstantDescs.CD_void, CD_BATCH);
    private static final MethodTypeDesc MTD_PULL = MethodTypeDesc.of(CD_BATCH, ConstantDescs.CD_int);
    private static final MethodTypeDesc MTD_PEER_PULL = MethodTypeDesc.of(CD_BATCH, ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc MTD_ACTION = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_PACKET);

    private FusedGlue() {
    }

    /** Replaces every push connection into a fusable chain of two or more elements with fused glue. */
    public static void install(List<Element> elements) {
        Map<Element, Port[]> done = new IdentityHashMap<>();
        for (Element from : elements) {
            for (int o = 0; o < from.noutputs(); o++) {
                fuse(from, o, done, new HashSet<>());
            }
        }
    }

    /**
     * The port {@code from}'s output {@code o} ends up with: fused if it leads into a fusable chain.
     * A chain's own output is fused first, so that its survivors go straight into the next chain;
     * {@code visiting} breaks cycles (the unfused glue stays there).
     */
    private static Port fuse(Element from, int o, Map<Element, Port[]> done, Set<Element> visiting) {
        Port[] ports = done.computeIfAbsent(from, e -> new Port[e.noutputs()]);
        if (ports[o] != null) {
            return ports[o];
        }
        Port port = from.output(o);
        Element head = pushPeerOnInput0(from, o);
        if (head == null || !visiting.add(from)) {
            return port;
        }
        List<Element> chain = chainFrom(head);
        if (chain.size() >= 2) { // one element alone gains nothing: its own batch loop stays
            Element last = chain.get(chain.size() - 1);
            Port tail = last.noutputs() > 0 ? fuse(last, 0, done, visiting) : Port.UNCONNECTED;
            port = link(chain, tail);
            from.relinkOutput(o, port);
        }
        visiting.remove(from);
        ports[o] = port;
        return port;
    }

    /** The element that {@code e}'s output {@code o} pushes into at its input 0, or null. */
    private static Element pushPeerOnInput0(Element e, int o) {
        if (o >= e.noutputs() || !e.outputIsPush(o) || !e.outputConnected(o) || e.output(o).peerPort() != 0) {
            return null;
        }
        return e.output(o).peer();
    }

    /** The fusable path that starts at {@code head}'s input 0 (empty if head is not fusable). */
    static List<Element> chainFrom(Element head) {
        List<Element> chain = new ArrayList<>();
        ClassLoader loader = FusedGlue.class.getClassLoader();
        for (Element e = head; e != null && chain.size() < MAX_CHAIN && fusable(e, loader) && !chain.contains(e);
                e = pushPeerOnInput0(e, 0)) {
            chain.add(e);
        }
        return chain;
    }

    private static boolean fusable(Element e, ClassLoader loader) {
        if (!(e instanceof SimpleAction sa) || e.ninputs() == 0 || !sa.fusable()) {
            return false;
        }
        Class<?> type = e.getClass();
        if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
            return false;
        }
        try {
            return Class.forName(type.getName(), false, loader) == type; // visible from the glue's loader
        } catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /** Makes the fused port for {@code chain}, whose survivors go to {@code tail}. */
    static Port link(List<Element> chain, Port tail) {
        Class<?>[] types = new Class<?>[chain.size() + 1];
        Object[] args = new Object[chain.size() + 1];
        for (int i = 0; i < chain.size(); i++) {
            types[i] = chain.get(i).getClass();
            args[i] = chain.get(i);
        }
        types[chain.size()] = Port.class;
        args[chain.size()] = tail;
        try {
            byte[] bytes = generate(types);
            MethodHandles.Lookup glue = MethodHandles.lookup().defineHiddenClass(bytes, true);
            MethodHandle ctor = glue.findConstructor(glue.lookupClass(), MethodType.methodType(void.class, types));
            return (Port) ctor.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot generate fused glue for " + chain + ": " + t, t);
        }
    }

    static byte[] generate(Class<?>[] types) {
        int k = types.length - 1;
        ClassDesc[] cds = new ClassDesc[types.length];
        for (int i = 0; i < types.length; i++) {
            cds[i] = ClassDesc.of(types[i].getName());
        }
        StringBuilder name = new StringBuilder("io.uniclick.dsl.compile.Fused");
        for (int i = 0; i < k; i++) {
            name.append('$').append(types[i].getSimpleName());
        }
        ClassDesc self = ClassDesc.of(name.toString());
        return ClassFile.of().build(self, cb -> {
            cb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SYNTHETIC);
            cb.withSuperclass(CD_PORT);
            for (int i = 0; i <= k; i++) {
                cb.withField("e" + i, cds[i], ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL);
            }
            cb.withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, cds), ClassFile.ACC_PUBLIC, c -> {
                c.aload(0).invokespecial(CD_PORT, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                for (int i = 0; i <= k; i++) {
                    c.aload(0).aload(i + 1).putfield(self, "e" + i, cds[i]);
                }
                c.return_();
            });
            cb.withMethodBody("push", MTD_PUSH, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> emitPush(c, self, cds, k));
            cb.withMethodBody("pull", MTD_PULL, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> c
                    .aload(0).getfield(self, "e0", cds[0]).iconst_0().iload(1)
                    .invokevirtual(cds[0], "pull", MTD_PEER_PULL).areturn());
            cb.withMethodBody("peer", MethodTypeDesc.of(CD_ELEMENT), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> c
                    .aload(0).getfield(self, "e0", cds[0]).areturn());
            cb.withMethodBody("peerPort", MethodTypeDesc.of(ConstantDescs.CD_int), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> c
                    .iconst_0().ireturn());
        });
    }

    // locals: 0 this, 1 batch, 2 n, 3 kept, 4 i, 5 packet
    private static void emitPush(CodeBuilder c, ClassDesc self, ClassDesc[] cds, int k) {
        Label loop = c.newLabel();
        Label next = c.newLabel();
        Label end = c.newLabel();
        Label done = c.newLabel();
        c.aload(1).invokevirtual(CD_BATCH, "size", MethodTypeDesc.of(ConstantDescs.CD_int)).istore(2);
        c.iconst_0().istore(3);
        c.iconst_0().istore(4);
        c.labelBinding(loop);
        c.iload(4).iload(2).if_icmpge(end);
        c.aload(1).iload(4).invokevirtual(CD_BATCH, "get", MethodTypeDesc.of(CD_PACKET, ConstantDescs.CD_int)).astore(5);
        for (int i = 0; i < k; i++) {
            c.aload(0).getfield(self, "e" + i, cds[i]).aload(5).invokevirtual(cds[i], "action", MTD_ACTION).ifeq(next);
        }
        c.aload(1).iload(3).aload(5).invokevirtual(CD_BATCH, "set", MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int, CD_PACKET));
        c.iinc(3, 1);
        c.labelBinding(next);
        c.iinc(4, 1);
        c.goto_(loop);
        c.labelBinding(end);
        c.aload(1).iload(3).invokevirtual(CD_BATCH, "truncate", MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int));
        c.iload(3).ifeq(done);
        c.aload(0).getfield(self, "e" + k, cds[k]).aload(1).invokevirtual(CD_PORT, "push", MTD_PUSH);
        c.labelBinding(done);
        for (int i = 0; i < k; i++) {
            c.aload(0).getfield(self, "e" + i, cds[i]).invokevirtual(cds[i], "actionsDone", ConstantDescs.MTD_void);
        }
        c.return_();
    }
}
