package io.uniclick.elements.classifier;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link DecisionProgram} into a hidden class whose static {@code cls(Packet)} walks the DAG
 * as straight-line code: one label per node, explicit length comparisons before every read,
 * {@code lookupswitch} for switches. A batch method loops over a batch calling it, so the per-packet
 * call is monomorphic inside the generated class.
 */
final class BytecodeCompiler {
    /** HotSpot does not JIT methods above 8000 bytes of bytecode; larger programs are interpreted. */
    static final int MAX_CODE = 7900;

    private static final ClassDesc CD_PACKET = ClassDesc.of(Packet.class.getName());
    private static final ClassDesc CD_BATCH = ClassDesc.of(PacketBatch.class.getName());
    private static final ClassDesc CD_SPACES = ClassDesc.of(Spaces.class.getName());
    private static final ClassDesc CD_IFACE = ClassDesc.of(CompiledClassifier.class.getName());
    private static final ClassDesc CD_INTEGER = ClassDesc.of("java.lang.Integer");
    private static final MethodTypeDesc MTD_CLS = MethodTypeDesc.of(CD_int, CD_PACKET);
    private static final MethodTypeDesc MTD_I = MethodTypeDesc.of(CD_int);
    private static final MethodTypeDesc MTD_II = MethodTypeDesc.of(CD_int, CD_int);
    private static final MethodTypeDesc MTD_III = MethodTypeDesc.of(CD_int, CD_int, CD_int);
    private static final ClassDesc CD_INT_ARRAY = ClassDesc.ofDescriptor("[I");
    private static final ClassDesc CD_CASE_TABLE = ClassDesc.of(CaseTable.class.getName());
    private static final MethodTypeDesc MTD_POSITION = MethodTypeDesc.of(CD_int, CD_int, CD_INT_ARRAY, CD_INT_ARRAY);
    /**
     * Switches with at least this many cases are hashed: {@code lookupswitch} becomes a binary search
     * of compares, each a branch that random traffic mispredicts (a 200-rule firewall's switch on the
     * source network took 8 levels); a hash probe is one load and a predictable compare.
     */
    static final int HASHED_SWITCH = 8;
    private static final MethodTypeDesc MTD_BATCH = MethodTypeDesc.of(CD_void, CD_BATCH, CD_int, CD_INT_ARRAY);

    // locals of cls
    private static final int P = 0;
    private static final int LEN = 1;

    private BytecodeCompiler() {
    }

    /** The generated classifier, or null if the program is too large to be worth generating. */
    static CompiledClassifier compile(DecisionProgram prog) {
        List<Object> data = new ArrayList<>();
        byte[] bytes = generate(prog, data);
        if (bytes == null) {
            return null;
        }
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(BytecodeCompiler.class, MethodHandles.lookup())
                    .defineHiddenClassWithClassData(bytes, List.copyOf(data), true);
            return (CompiledClassifier) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("classifier code generation failed: " + e, e);
        }
    }

    /** Class file bytes, or null when the classify method would exceed {@link #MAX_CODE}. */
    static byte[] generate(DecisionProgram prog) {
        return generate(prog, new ArrayList<>());
    }

    /** Class file bytes; {@code data} receives the class data (the hashed switches' tables) in constant order. */
    static byte[] generate(DecisionProgram prog, List<Object> data) {
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofClassLoading(BytecodeCompiler.class.getClassLoader()))));
        ClassDesc self = ClassDesc.of(BytecodeCompiler.class.getPackageName() + ".GeneratedClassifier");
        byte[] bytes;
        try {
            bytes = cf.build(self, cb -> {
                cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
                cb.withInterfaceSymbols(CD_IFACE);
                cb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC,
                        c -> c.aload(0).invokespecial(CD_Object, "<init>", MethodTypeDesc.of(CD_void)).return_());
                cb.withMethodBody("cls", MTD_CLS, ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE, c -> emitClassify(c, prog, data));
                cb.withMethodBody("classify", MTD_CLS, ClassFile.ACC_PUBLIC,
                        c -> c.aload(1).invokestatic(self, "cls", MTD_CLS).ireturn());
                cb.withMethodBody("classifyBatch", MTD_BATCH, ClassFile.ACC_PUBLIC, c -> {
                    Label loop = c.newLabel();
                    Label end = c.newLabel();
                    c.iconst_0().istore(4);
                    c.labelBinding(loop);
                    c.iload(4).iload(2).if_icmpge(end);
                    c.aload(3).iload(4);
                    c.aload(1).iload(4).invokevirtual(CD_BATCH, "get", MethodTypeDesc.of(CD_PACKET, CD_int));
                    c.invokestatic(self, "cls", MTD_CLS);
                    c.iastore();
                    c.iinc(4, 1).goto_(loop);
                    c.labelBinding(end);
                    c.return_();
                });
            });
        } catch (IllegalArgumentException tooLarge) {
            return null; // beyond the class file's 64 KiB method limit: the DAG interpreter runs it
        }
        ClassModel cm = ClassFile.of().parse(bytes);
        for (MethodModel m : cm.methods()) {
            if (m.methodName().equalsString("cls")) {
                int size = m.findAttribute(Attributes.code()).map(a -> a.codeLength()).orElse(0);
                if (size > MAX_CODE) {
                    return null;
                }
            }
        }
        return bytes;
    }

    private static void emitClassify(CodeBuilder c, DecisionProgram prog, List<Object> data) {
        data.clear(); // the builder may run this more than once
        int n = prog.size();
        // locals: base and available length per space
        int[] baseLocal = new int[Test.NSPACES];
        int[] availLocal = new int[Test.NSPACES];
        availLocal[Test.DATA] = LEN;
        int next = 2;
        c.aload(P).invokevirtual(CD_PACKET, "length", MTD_I).istore(LEN);
        String[] baseMethods = {null, "macBase", "netBase", "transpBase"};
        for (int s = 1; s < Test.NSPACES; s++) {
            if (!prog.usesSpace(s)) {
                continue;
            }
            baseLocal[s] = next++;
            availLocal[s] = next++;
            c.aload(P).invokestatic(CD_SPACES, baseMethods[s], MTD_CLS).istore(baseLocal[s]);
            Label neg = c.newLabel();
            Label done = c.newLabel();
            c.iload(baseLocal[s]).iflt(neg);
            c.iload(LEN).iload(baseLocal[s]).isub().istore(availLocal[s]).goto_(done);
            c.labelBinding(neg);
            c.iconst_m1().istore(availLocal[s]);
            c.labelBinding(done);
        }
        // order: depth-first from the root, leaves last
        List<Integer> order = new ArrayList<>();
        boolean[] seen = new boolean[n];
        dfs(prog, prog.root, seen, order);
        Label[] labels = new Label[n];
        for (int i = 0; i < n; i++) {
            labels[i] = c.newLabel();
        }
        List<Integer> leaves = new ArrayList<>();
        List<Integer> decisions = new ArrayList<>();
        for (int x : order) {
            (prog.kind[x] == DecisionProgram.LEAF ? leaves : decisions).add(x);
        }
        order = decisions;
        for (int idx = 0; idx < order.size(); idx++) {
            int x = order.get(idx);
            int following = idx + 1 < order.size() ? order.get(idx + 1) : -1;
            c.labelBinding(labels[x]);
            if (emitLeafDecision(c, prog, x, baseLocal, next, data)) {
                continue;
            }
            switch (prog.kind[x]) {
                case DecisionProgram.LEN -> {
                    c.iload(availLocal[prog.space[x]]);
                    c.loadConstant(prog.lenNeeded[x]);
                    c.if_icmpge(labels[prog.yes[x]]);
                    jump(c, labels, prog.no[x], following);
                }
                case DecisionProgram.TEST -> {
                    Test t = prog.test[x];
                    loadField(c, t, baseLocal[t.space()]);
                    c.loadConstant(t.value());
                    if (t.op() == Test.EQ) {
                        c.if_icmpeq(labels[prog.yes[x]]);
                    } else if (t.width() == 4) {
                        c.invokestatic(CD_INTEGER, "compareUnsigned", MTD_III);
                        c.ifgt(labels[prog.yes[x]]);
                    } else {
                        c.if_icmpgt(labels[prog.yes[x]]);
                    }
                    jump(c, labels, prog.no[x], following);
                }
                default -> {
                    Test t = prog.test[x];
                    loadField(c, t, baseLocal[t.space()]);
                    List<SwitchCase> cases = new ArrayList<>();
                    int[] vals = prog.caseValues[x];
                    if (vals.length >= HASHED_SWITCH) {
                        // v -> position among the cases (a hash probe), then a jump table on the position
                        casePosition(c, prog.caseTable(x), data);
                        for (int i = 0; i < vals.length; i++) {
                            cases.add(SwitchCase.of(i, labels[prog.caseTargets[x][i]]));
                        }
                        c.tableswitch(0, vals.length - 1, labels[prog.no[x]], cases);
                    } else {
                        for (int i = 0; i < vals.length; i++) {
                            cases.add(SwitchCase.of(vals[i], labels[prog.caseTargets[x][i]]));
                        }
                        c.lookupswitch(labels[prog.no[x]], cases);
                    }
                }
            }
        }
        if (prog.kind[prog.root] == DecisionProgram.LEAF && !leaves.contains(prog.root)) {
            leaves.add(prog.root);
        }
        for (int x : leaves) {
            c.labelBinding(labels[x]);
            c.loadConstant(prog.output[x]);
            c.ireturn();
        }
    }

    /**
     * Emits a node whose every outcome is a leaf without a branch, and returns true; false if the node
     * is not of that kind. Such a node is the packet's last decision, and the one random traffic
     * cannot predict (which port, which protocol): a chain of equality tests on one field with one
     * "yes" leaf and a final "no" leaf becomes or-ed equality bits and a select; a switch into
     * leaves becomes a table lookup of the output by case position.
     */
    private static boolean emitLeafDecision(CodeBuilder c, DecisionProgram prog, int x, int[] baseLocal, int scratch,
            List<Object> data) {
        if (prog.kind[x] == DecisionProgram.SWITCH) {
            if (prog.kind[prog.no[x]] != DecisionProgram.LEAF) {
                return false;
            }
            int[] targets = prog.caseTargets[x];
            int[] outs = new int[targets.length + 1];
            outs[0] = prog.output[prog.no[x]];
            for (int i = 0; i < targets.length; i++) {
                if (prog.kind[targets[i]] != DecisionProgram.LEAF) {
                    return false;
                }
                outs[i + 1] = prog.output[targets[i]];
            }
            Test t = prog.test[x];
            c.ldc(classData(data, outs));
            loadField(c, t, baseLocal[t.space()]);
            casePosition(c, prog.caseTable(x), data);
            c.iconst_1().iadd().iaload().ireturn();
            return true;
        }
        if (prog.kind[x] != DecisionProgram.TEST || prog.test[x].op() != Test.EQ || prog.kind[prog.yes[x]] != DecisionProgram.LEAF) {
            return false;
        }
        Test t = prog.test[x];
        int yesOut = prog.output[prog.yes[x]];
        List<Integer> values = new ArrayList<>();
        int n = x;
        while (true) {
            values.add(prog.test[n].value());
            int no = prog.no[n];
            if (prog.kind[no] == DecisionProgram.LEAF) {
                n = no;
                break;
            }
            Test u = prog.test[no];
            if (prog.kind[no] != DecisionProgram.TEST || u.op() != Test.EQ || u.space() != t.space() || u.off() != t.off()
                    || u.width() != t.width() || u.mask() != t.mask() || prog.kind[prog.yes[no]] != DecisionProgram.LEAF
                    || prog.output[prog.yes[no]] != yesOut || values.size() >= 8) {
                return false;
            }
            n = no;
        }
        int noOut = prog.output[n];
        // hit = OR over the values of ((field ^ v) - 1) >>> 63 in 64 bits: 1 exactly when field == v
        loadField(c, t, baseLocal[t.space()]);
        c.i2l().ldc(0xFFFFFFFFL).land().lstore(scratch);
        c.lconst_0();
        for (int v : values) {
            c.lload(scratch).ldc(v & 0xFFFFFFFFL).lxor().lconst_1().lsub().bipush(63).lushr().lor();
        }
        c.l2i(); // hit: 0 or 1
        // noOut ^ ((yesOut ^ noOut) & -hit)
        c.ineg().loadConstant(yesOut ^ noOut).iand().loadConstant(noOut).ixor().ireturn();
        return true;
    }

    /** With the switch field's value on the stack: leaves its position among the cases (-1: none), by a hash probe. */
    private static void casePosition(CodeBuilder c, CaseTable table, List<Object> data) {
        c.ldc(classData(data, table.keys()));
        c.ldc(classData(data, table.positions()));
        c.invokestatic(CD_CASE_TABLE, "position", MTD_POSITION);
    }

    /** A constant loaded from the hidden class's data (folded by the JIT like a static final). */
    private static DynamicConstantDesc<int[]> classData(List<Object> data, int[] table) {
        data.add(table);
        return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, ConstantDescs.DEFAULT_NAME, CD_INT_ARRAY,
                data.size() - 1);
    }

    private static void jump(CodeBuilder c, Label[] labels, int target, int following) {
        if (target != following) {
            c.goto_(labels[target]);
        }
    }

    private static void loadField(CodeBuilder c, Test t, int baseLocal) {
        int w = t.width();
        String m = w == 1 ? "u8" : w == 4 ? "i32" : "u16";
        c.aload(P);
        at(c, t.off(), t.space(), baseLocal);
        c.invokevirtual(CD_PACKET, m, MTD_II);
        if (w == 3) {
            c.bipush(8).ishl();
            c.aload(P);
            at(c, t.off() + 2, t.space(), baseLocal);
            c.invokevirtual(CD_PACKET, "u8", MTD_II);
            c.ior();
        }
        if (t.mask() != Test.fullMask(w)) {
            c.loadConstant(t.mask());
            c.iand();
        }
    }

    private static void at(CodeBuilder c, int off, int space, int baseLocal) {
        if (space == Test.DATA) {
            c.loadConstant(off);
        } else {
            c.iload(baseLocal);
            if (off != 0) {
                c.loadConstant(off);
                c.iadd();
            }
        }
    }

    private static void dfs(DecisionProgram prog, int root, boolean[] seen, List<Integer> order) {
        // iterative depth-first preorder: the "no" successor is visited right after a node when possible
        ArrayList<Integer> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            int x = stack.remove(stack.size() - 1);
            if (seen[x]) {
                continue;
            }
            seen[x] = true;
            order.add(x);
            switch (prog.kind[x]) {
                case DecisionProgram.LEAF -> {
                }
                case DecisionProgram.SWITCH -> {
                    int[] ts = prog.caseTargets[x];
                    stack.add(prog.no[x]);
                    for (int i = ts.length - 1; i >= 0; i--) {
                        stack.add(ts[i]);
                    }
                }
                default -> {
                    stack.add(prog.yes[x]);
                    stack.add(prog.no[x]);
                }
            }
        }
    }
}
