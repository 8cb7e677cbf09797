package io.uniclick.dsl.compile;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.FilterAction;
import io.uniclick.core.element.Port;
import io.uniclick.core.element.SimpleAction;
import io.uniclick.core.element.SwitchAction;
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
        Map<Element, int[]> fanIn = fanIn(elements);
        for (Element from : elements) {
            for (int o = 0; o < from.noutputs(); o++) {
                fuse(from, o, done, new HashSet<>(), fanIn);
            }
        }
    }

    /** How many push connections arrive at each element's input 0. */
    private static Map<Element, int[]> fanIn(List<Element> elements) {
        Map<Element, int[]> in = new IdentityHashMap<>();
        for (Element e : elements) {
            for (int o = 0; o < e.noutputs(); o++) {
                if (e.outputIsPush(o) && e.outputConnected(o) && e.output(o).peerPort() == 0) {
                    in.computeIfAbsent(e.output(o).peer(), x -> new int[1])[0]++;
                }
            }
        }
        return in;
    }

    /**
     * The port {@code from}'s output {@code o} ends up with: fused if it leads into a fusable chain
     * (optionally ending in a {@link SwitchAction} and the paths behind it). A region's own outputs
     * are fused first, so that its survivors go straight into the next region; {@code visiting}
     * breaks cycles (the unfused glue stays there).
     */
    private static Port fuse(Element from, int o, Map<Element, Port[]> done, Set<Element> visiting, Map<Element, int[]> fanIn) {
        Port[] ports = done.computeIfAbsent(from, e -> new Port[e.noutputs()]);
        if (ports[o] != null) {
            return ports[o];
        }
        Port port = from.output(o);
        Element head = pushPeerOnInput0(from, o);
        if (head == null || !visiting.add(from)) {
            return port;
        }
        List<Element> chain = chainFrom(head, false, fanIn);
        Element after = chain.isEmpty() ? head : pushPeerOnInput0(chain.get(chain.size() - 1), 0);
        Plan plan = after != null && switchFusable(after) ? switchPlan(chain, after, done, visiting, fanIn) : null;
        if (plan == null && chain.size() >= 2) { // one element alone gains nothing: its own batch loop stays
            Element last = chain.get(chain.size() - 1);
            Port tail = last.noutputs() > 0 ? fuse(last, 0, done, visiting, fanIn) : Port.UNCONNECTED;
            plan = new Plan(chain, null, List.of(), new Port[0], List.of(), tail);
        }
        if (plan != null) {
            port = link(plan);
            from.relinkOutput(o, port);
        }
        visiting.remove(from);
        ports[o] = port;
        return port;
    }

    /**
     * What a fused loop does: the {@code prefix} chain, then (if {@code sw} is set) the switch, whose
     * output j continues inline through {@code branches.get(j)} when {@code side[j]} is null, or is
     * collected for {@code side[j]}; inline branches all end where {@code suffix} starts, whose
     * survivors go to {@code tail}.
     */
    record Plan(List<Element> prefix, Element sw, List<List<Element>> branches, Port[] side, List<Element> suffix, Port tail) {
        List<Element> actions() {
            List<Element> all = new ArrayList<>(prefix);
            branches.forEach(all::addAll);
            all.addAll(suffix);
            return all;
        }

        /** Index in {@link #prefix} of the first {@link FilterAction}, which splits the loop, or -1. */
        int filterAt() {
            for (int i = 0; i < prefix.size(); i++) {
                if (prefix.get(i) instanceof FilterAction) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Whether every switch output continues inline through chains of the same element classes
         * (a router's per-interface DecIPTTL, Unstrip, EtherRewrite). Then one branch body serves all
         * outputs, calling position i's element of the packet's output from an array: no jump table,
         * whose indirect jump random traffic mispredicts.
         */
        boolean uniform() {
            if (sw == null || branches.isEmpty() || branches.get(0).isEmpty()) {
                return false;
            }
            for (int j = 0; j < branches.size(); j++) {
                List<Element> b = branches.get(j);
                if (side[j] != null || b.size() != branches.get(0).size()) {
                    return false;
                }
                for (int i = 0; i < b.size(); i++) {
                    if (b.get(i).getClass() != branches.get(0).get(i).getClass()) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** Where a path arrives: an element's input port. */
    private record Target(Element element, int port) {
    }

    /** Largest switch whose outputs are fused, and most elements in one fused loop. */
    static final int MAX_SWITCH_OUTPUTS = 16;
    static final int MAX_REGION = 24;

    /**
     * The plan for {@code prefix} followed by switch {@code sw}: the outputs whose paths meet at the
     * most common next stop are inlined up to it, the rest collected per output; null when fusing
     * would not gain anything or the region would be too large.
     */
    private static Plan switchPlan(List<Element> prefix, Element sw, Map<Element, Port[]> done, Set<Element> visiting,
            Map<Element, int[]> fanIn) {
        int nout = sw.noutputs();
        if (nout == 0 || nout > MAX_SWITCH_OUTPUTS) {
            return null;
        }
        List<List<Element>> chains = new ArrayList<>();
        Object[] targets = new Object[nout];
        Map<Object, Integer> votes = new java.util.HashMap<>();
        for (int j = 0; j < nout; j++) {
            List<Element> b = List.of();
            Object target = null;
            if (sw.outputIsPush(j) && sw.outputConnected(j)) {
                Port out = sw.output(j);
                if (out.peerPort() == 0) {
                    b = chainFrom(out.peer(), true, fanIn);
                }
                Element last = b.isEmpty() ? sw : b.get(b.size() - 1);
                int lastOut = b.isEmpty() ? j : 0;
                if (last.noutputs() > lastOut && last.outputIsPush(lastOut) && last.outputConnected(lastOut)) {
                    Port to = last.output(lastOut);
                    target = new Target(to.peer(), to.peerPort());
                    votes.merge(target, 1, Integer::sum);
                }
            }
            chains.add(b);
            targets[j] = target;
        }
        Object join = null;
        int best = 0;
        for (int j = 0; j < nout; j++) {
            Integer v = targets[j] == null ? null : votes.get(targets[j]);
            if (v != null && v > best) {
                best = v;
                join = targets[j];
            }
        }
        List<List<Element>> branches = new ArrayList<>();
        Port[] side = new Port[nout];
        int size = prefix.size() + 1;
        int rep = -1;
        for (int j = 0; j < nout; j++) {
            if (join != null && join.equals(targets[j])) {
                branches.add(chains.get(j));
                size += chains.get(j).size();
                rep = rep < 0 ? j : rep;
            } else {
                branches.add(List.of());
                side[j] = fuse(sw, j, done, visiting, fanIn);
            }
        }
        List<Element> suffix = List.of();
        Port tail;
        if (rep < 0) {
            tail = Port.UNCONNECTED; // never used: no output continues inline
        } else {
            List<Element> b = chains.get(rep);
            Element last = b.isEmpty() ? sw : b.get(b.size() - 1);
            int lastOut = b.isEmpty() ? rep : 0;
            Element joinElement = last.output(lastOut).peer();
            if (last.output(lastOut).peerPort() == 0) {
                suffix = chainFrom(joinElement, false, fanIn);
                if (size + suffix.size() > MAX_REGION) {
                    suffix = List.of();
                }
            }
            if (suffix.isEmpty()) {
                tail = fuse(last, lastOut, done, visiting, fanIn);
            } else {
                Element end = suffix.get(suffix.size() - 1);
                tail = end.noutputs() > 0 ? fuse(end, 0, done, visiting, fanIn) : Port.UNCONNECTED;
            }
        }
        size += suffix.size();
        if (size > MAX_REGION || size < 2) {
            return null;
        }
        return new Plan(prefix, sw, branches, side, suffix, tail);
    }

    /** The element that {@code e}'s output {@code o} pushes into at its input 0, or null. */
    private static Element pushPeerOnInput0(Element e, int o) {
        if (o >= e.noutputs() || !e.outputIsPush(o) || !e.outputConnected(o) || e.output(o).peerPort() != 0) {
            return null;
        }
        return e.output(o).peer();
    }

    /**
     * The fusable path that starts at {@code head}'s input 0 (empty if head is not fusable); with
     * {@code stopAtJoin}, it stops before an element that other paths push into as well.
     */
    static List<Element> chainFrom(Element head, boolean stopAtJoin, Map<Element, int[]> fanIn) {
        List<Element> chain = new ArrayList<>();
        ClassLoader loader = FusedGlue.class.getClassLoader();
        for (Element e = head; e != null && chain.size() < MAX_CHAIN && fusable(e, loader) && !chain.contains(e)
                && !(stopAtJoin && fanIn.containsKey(e) && fanIn.get(e)[0] > 1); e = pushPeerOnInput0(e, 0)) {
            chain.add(e);
        }
        return chain;
    }

    private static boolean switchFusable(Element e) {
        return e instanceof SwitchAction sa && e.ninputs() > 0 && sa.routeFusable() && visible(e, FusedGlue.class.getClassLoader());
    }

    private static boolean fusable(Element e, ClassLoader loader) {
        return e instanceof SimpleAction sa && e.ninputs() > 0 && sa.fusable() && visible(e, loader);
    }

    private static boolean visible(Element e, ClassLoader loader) {
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

    /** Makes the fused port that runs {@code plan}. */
    static Port link(Plan plan) {
        List<Element> elements = new ArrayList<>(plan.prefix());
        if (plan.sw() != null) {
            elements.add(plan.sw());
        }
        List<Class<?>> types = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        elements.forEach(e -> addField(types, args, e.getClass(), e));
        if (plan.uniform()) {
            List<List<Element>> bs = plan.branches();
            for (int i = 0; i < bs.get(0).size(); i++) {
                Class<?> type = bs.get(0).get(i).getClass();
                Object[] column = (Object[]) java.lang.reflect.Array.newInstance(type, bs.size());
                for (int j = 0; j < bs.size(); j++) {
                    column[j] = bs.get(j).get(i);
                }
                addField(types, args, column.getClass(), column);
            }
        } else {
            plan.branches().forEach(b -> b.forEach(e -> addField(types, args, e.getClass(), e)));
        }
        plan.suffix().forEach(e -> addField(types, args, e.getClass(), e));
        plan.branches().forEach(elements::addAll);
        elements.addAll(plan.suffix());
        addField(types, args, Port.class, plan.tail());
        for (Port side : plan.side()) {
            if (side != null) {
                addField(types, args, Port.class, side);
                addField(types, args, PacketBatch.class, new PacketBatch());
            }
        }
        if (plan.filterAt() >= 0) {
            addField(types, args, PacketBatch.class, new PacketBatch());
        }
        try {
            byte[] bytes = generate(plan, types);
            MethodHandles.Lookup glue = MethodHandles.lookup().defineHiddenClass(bytes, true);
            MethodHandle ctor = glue.findConstructor(glue.lookupClass(), MethodType.methodType(void.class, types));
            return (Port) ctor.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot generate fused glue for " + elements + ": " + t, t);
        }
    }

    /** One field of the glue: its declared type and the constructor argument that fills it. */
    private static void addField(List<Class<?>> types, List<Object> args, Class<?> type, Object value) {
        types.add(type);
        args.add(value);
    }

    static byte[] generate(Plan plan, List<Class<?>> types) {
        ClassDesc[] cds = new ClassDesc[types.size()];
        for (int i = 0; i < cds.length; i++) {
            cds[i] = types.get(i).describeConstable().orElseThrow();
        }
        StringBuilder name = new StringBuilder("io.uniclick.dsl.compile.Fused");
        for (Element e : plan.prefix()) {
            name.append('$').append(e.getClass().getSimpleName());
        }
        if (plan.sw() != null) {
            name.append('$').append(plan.sw().getClass().getSimpleName()).append("$switch");
        }
        ClassDesc self = ClassDesc.of(name.toString());
        return ClassFile.of().build(self, cb -> {
            cb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SYNTHETIC);
            cb.withSuperclass(CD_PORT);
            for (int i = 0; i < cds.length; i++) {
                cb.withField("f" + i, cds[i], ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL);
            }
            cb.withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, cds), ClassFile.ACC_PUBLIC, c -> {
                c.aload(0).invokespecial(CD_PORT, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                for (int i = 0; i < cds.length; i++) {
                    c.aload(0).aload(i + 1).putfield(self, "f" + i, cds[i]);
                }
                c.return_();
            });
            cb.withMethodBody("push", MTD_PUSH, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> new PushEmitter(c, self, cds, plan).emit());
            cb.withMethodBody("pull", MTD_PULL, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> c
                    .aload(0).getfield(self, "f0", cds[0]).iconst_0().iload(1)
                    .invokevirtual(cds[0], "pull", MTD_PEER_PULL).areturn());
            cb.withMethodBody("peer", MethodTypeDesc.of(CD_ELEMENT), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> c
                    .aload(0).getfield(self, "f0", cds[0]).areturn());
            cb.withMethodBody("peerPort", MethodTypeDesc.of(ConstantDescs.CD_int), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> c
                    .iconst_0().ireturn());
        });
    }

    /**
     * Writes the fused {@code push}. Locals: 0 this, 1 batch, 2 n, 3 kept, 4 i, 5 packet, 6 output.
     * Fields in order: the elements (prefix, switch, branches, suffix), the tail port, then a port
     * and a batch per collected switch output. With {@link Plan#uniform} branches, one array per
     * branch position (indexed by output) stands for the branch elements.
     */
    private static final class PushEmitter {
        private static final MethodTypeDesc MTD_SIZE = MethodTypeDesc.of(ConstantDescs.CD_int);
        private static final MethodTypeDesc MTD_GET = MethodTypeDesc.of(CD_PACKET, ConstantDescs.CD_int);
        private static final MethodTypeDesc MTD_SET = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int, CD_PACKET);
        private static final MethodTypeDesc MTD_ADD = MethodTypeDesc.of(ConstantDescs.CD_void, CD_PACKET);
        private static final MethodTypeDesc MTD_INT = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
        private static final MethodTypeDesc MTD_BOOL = MethodTypeDesc.of(ConstantDescs.CD_boolean);
        private static final MethodTypeDesc MTD_ROUTE = MethodTypeDesc.of(ConstantDescs.CD_int, CD_PACKET);

        private final CodeBuilder c;
        private final ClassDesc self;
        private final ClassDesc[] cds;
        private final Plan plan;
        private int field;

        PushEmitter(CodeBuilder c, ClassDesc self, ClassDesc[] cds, Plan plan) {
            this.c = c;
            this.self = self;
            this.cds = cds;
            this.plan = plan;
        }

        private void load(int f) {
            c.aload(0).getfield(self, "f" + f, cds[f]);
        }

        /** Calls the actions of the next {@code chain.size()} element fields, leaving the loop at {@code next} on a false. */
        private void actions(List<Element> chain, Label next) {
            for (int i = 0; i < chain.size(); i++, field++) {
                load(field);
                c.aload(5).invokevirtual(cds[field], "action", MTD_ACTION).ifeq(next);
            }
        }

        void emit() {
            Label loop = c.newLabel();
            Label next = c.newLabel();
            Label end = c.newLabel();
            c.aload(1).invokevirtual(CD_BATCH, "size", MTD_SIZE).istore(2);
            int filterAt = plan.filterAt();
            if (filterAt >= 0) {
                splitAtFilter(filterAt);
            }
            c.iconst_0().istore(3);
            c.iconst_0().istore(4);
            c.labelBinding(loop);
            c.iload(4).iload(2).if_icmpge(end);
            c.aload(1).iload(4).invokevirtual(CD_BATCH, "get", MTD_GET).astore(5);
            actions(plan.prefix().subList(filterAt + 1, plan.prefix().size()), next);
            final boolean uniform = plan.uniform();
            final int columns = uniform ? plan.branches().get(0).size() : 0;
            int nElements = uniform ? plan.prefix().size() + 1 + columns + plan.suffix().size()
                    : plan.actions().size() + (plan.sw() != null ? 1 : 0);
            int tailField = nElements;
            int[] sideField = new int[plan.side().length];
            for (int j = 0, f = tailField + 1; j < sideField.length; j++) {
                if (plan.side()[j] != null) {
                    sideField[j] = f;
                    f += 2;
                }
            }
            int swField = -1;
            if (plan.sw() != null) {
                swField = field++;
                load(swField);
                c.aload(5).invokevirtual(cds[swField], "route", MTD_ROUTE).istore(6);
                int nout = plan.side().length;
                if (uniform) {
                    Label known = c.newLabel();
                    c.iload(6).iflt(next); // taken by the switch
                    c.iload(6).loadConstant(nout).if_icmplt(known);
                    c.aload(5).invokevirtual(CD_PACKET, "kill", ConstantDescs.MTD_void).goto_(next); // no such output
                    c.labelBinding(known);
                    for (int i = 0; i < columns; i++, field++) {
                        load(field);
                        c.iload(6).aaload().aload(5).invokevirtual(cds[field].componentType(), "action", MTD_ACTION).ifeq(next);
                    }
                }
            }
            if (plan.sw() != null && !uniform) {
                int nout = plan.side().length;
                Label[] targets = new Label[nout];
                List<java.lang.classfile.instruction.SwitchCase> cases = new ArrayList<>();
                for (int j = 0; j < nout; j++) {
                    targets[j] = c.newLabel();
                    cases.add(java.lang.classfile.instruction.SwitchCase.of(j, targets[j]));
                }
                Label unknown = c.newLabel();
                c.iload(6).tableswitch(0, nout - 1, unknown, cases);
                c.labelBinding(unknown);
                c.iload(6).iflt(next); // taken by the switch
                c.aload(5).invokevirtual(CD_PACKET, "kill", ConstantDescs.MTD_void).goto_(next); // no such output
                Label join = c.newLabel();
                for (int j = 0; j < nout; j++) {
                    c.labelBinding(targets[j]);
                    if (plan.side()[j] != null) {
                        collect(sideField[j]);
                        c.goto_(next);
                    } else {
                        actions(plan.branches().get(j), next);
                        c.goto_(join);
                    }
                }
                c.labelBinding(join);
            }
            actions(plan.suffix(), next);
            Label same = c.newLabel();
            c.iload(3).iload(4).if_icmpeq(same); // nothing dropped so far: the packet is already in place
            c.aload(1).iload(3).aload(5).invokevirtual(CD_BATCH, "set", MTD_SET);
            c.labelBinding(same);
            c.iinc(3, 1);
            c.labelBinding(next);
            c.iinc(4, 1);
            c.goto_(loop);
            c.labelBinding(end);
            c.aload(1).iload(3).invokevirtual(CD_BATCH, "truncate", MTD_INT);
            Label done = c.newLabel();
            c.iload(3).ifeq(done);
            load(tailField);
            c.aload(1).invokevirtual(CD_PORT, "push", MTD_PUSH);
            c.labelBinding(done);
            for (int f : sideField) {
                if (f > 0) {
                    flush(f);
                }
            }
            int f = 0;
            for (int i = 0; i < plan.prefix().size(); i++, f++) {
                load(f);
                c.invokevirtual(cds[f], "actionsDone", ConstantDescs.MTD_void);
            }
            if (swField >= 0) {
                load(swField);
                c.invokevirtual(cds[swField], "routesDone", ConstantDescs.MTD_void);
                f++;
            }
            for (int i = 0; i < columns; i++, f++) {
                for (int j = 0; j < plan.side().length; j++) {
                    load(f);
                    c.loadConstant(j).aaload().invokevirtual(cds[f].componentType(), "actionsDone", ConstantDescs.MTD_void);
                }
            }
            for (; f < nElements; f++) {
                load(f);
                c.invokevirtual(cds[f], "actionsDone", ConstantDescs.MTD_void);
            }
            c.return_();
        }

        /**
         * The first pass when the prefix holds a filter at {@code q}: runs the elements before it, then
         * stores every packet both as the next survivor and as the next reject and advances one of
         * the two counts by the verdict (no branch on it); rejects are then taken, and the main loop
         * runs over the survivors only (local 2 becomes their count). Locals: 7 rejects, 8 verdict.
         */
        private void splitAtFilter(int q) {
            int rejectsField = cds.length - 1;
            Label loopA = c.newLabel();
            Label nextA = c.newLabel();
            Label endA = c.newLabel();
            c.iconst_0().istore(3);
            c.iconst_0().istore(7);
            c.iconst_0().istore(4);
            c.labelBinding(loopA);
            c.iload(4).iload(2).if_icmpge(endA);
            c.aload(1).iload(4).invokevirtual(CD_BATCH, "get", MTD_GET).astore(5);
            actions(plan.prefix().subList(0, q), nextA);
            int filterField = field++;
            load(filterField);
            c.aload(5).invokevirtual(cds[filterField], "verdict", MTD_ROUTE).istore(8);
            c.aload(1).iload(3).aload(5).invokevirtual(CD_BATCH, "set", MTD_SET);
            load(rejectsField);
            c.iload(7).aload(5).invokevirtual(CD_BATCH, "set", MTD_SET);
            c.iload(3).iload(8).iadd().istore(3);
            c.iload(7).iload(8).iconst_1().ixor().iadd().istore(7);
            c.labelBinding(nextA);
            c.iinc(4, 1);
            c.goto_(loopA);
            c.labelBinding(endA);
            Label loopR = c.newLabel();
            Label endR = c.newLabel();
            c.iconst_0().istore(4);
            c.labelBinding(loopR);
            c.iload(4).iload(7).if_icmpge(endR);
            load(filterField);
            load(rejectsField);
            c.iload(4).invokevirtual(CD_BATCH, "get", MTD_GET).invokevirtual(cds[filterField], "reject", MTD_ADD);
            c.iinc(4, 1);
            c.goto_(loopR);
            c.labelBinding(endR);
            c.iload(3).istore(2);
        }

        /** Adds the packet to a collected output's batch, pushing the batch first if it is full. */
        private void collect(int portField) {
            Label room = c.newLabel();
            load(portField + 1);
            c.invokevirtual(CD_BATCH, "isFull", MTD_BOOL).ifeq(room);
            flush(portField);
            c.labelBinding(room);
            load(portField + 1);
            c.aload(5).invokevirtual(CD_BATCH, "add", MTD_ADD);
        }

        /** Pushes a collected output's batch if it holds packets, and empties it. */
        private void flush(int portField) {
            Label empty = c.newLabel();
            load(portField + 1);
            c.invokevirtual(CD_BATCH, "isEmpty", MTD_BOOL).ifne(empty);
            load(portField);
            load(portField + 1);
            c.invokevirtual(CD_PORT, "push", MTD_PUSH);
            load(portField + 1);
            c.invokevirtual(CD_BATCH, "clear", ConstantDescs.MTD_void);
            c.labelBinding(empty);
        }
    }
}
