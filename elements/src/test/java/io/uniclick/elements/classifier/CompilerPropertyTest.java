package io.uniclick.elements.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.uniclick.core.packet.Packet;
import io.uniclick.core.packet.PacketBatch;
import io.uniclick.core.packet.PacketPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random rule lists (1-60 rules mixing fragment, port, TTL, length, address, protocol, ICMP type,
 * TCP flag, byte-field and Ethernet tests under and/or/not/ternary) over random packets
 * (fragmented, truncated, with options, unannotated, behind Ethernet): the generated code, the DAG
 * interpreter, the rule-by-rule program and the reference evaluator must agree on every packet.
 */
class CompilerPropertyTest {
    private static final int LISTS = 160;
    private static final int PACKETS = 400;

    @Test
    void compiledInterpretedAndReferenceAgreeOnRandomRuleLists() {
        PacketPool pool = new PacketPool();
        int sequentialFallbacks = 0;
        int generated = 0;
        for (int list = 0; list < LISTS; list++) {
            Gen g = new Gen(1000 + list);
            int nrules = 1 + g.r.nextInt(60);
            List<String> conf = new ArrayList<>();
            for (int i = 0; i < nrules; i++) {
                conf.add(g.action() + " " + g.rule());
            }
            IPFilterParser.Result res = IPFilterParser.parseFilter(conf, 4, null);
            if (!res.errors().isEmpty()) {
                fail("list " + list + " did not parse: " + res.errors() + "\n" + String.join("\n", conf));
            }
            List<Expr> rules = new ArrayList<>();
            int[] outs = new int[res.rules().size()];
            for (int i = 0; i < outs.length; i++) {
                rules.add(Lowering.lower(res.rules().get(i).ast()));
                outs[i] = res.rules().get(i).output();
            }
            DecisionProgram prog = DecisionProgram.compile(rules, outs);
            DecisionProgram seq = DecisionProgram.compileSequential(rules, outs);
            sequentialFallbacks += prog.sequential ? 1 : 0;
            CompiledClassifier code = BytecodeCompiler.compile(prog);
            CompiledClassifier seqCode = BytecodeCompiler.compile(seq);
            generated += code != null ? 1 : 0;
            prog.unparse(); // must not throw
            PacketBatch batch = new PacketBatch();
            for (int k = 0; k < PACKETS; k++) {
                Packet p = g.packet(pool);
                int want = Reference.classify(res.rules(), p);
                int interp = prog.interpret(p);
                int seqInterp = seq.interpret(p);
                if (interp != want || seqInterp != want || (code != null && code.classify(p) != want)
                        || (seqCode != null && seqCode.classify(p) != want)) {
                    fail("list " + list + " packet " + k + ": reference " + want + ", interpreted " + interp + ", rule-by-rule "
                            + seqInterp + ", generated " + (code == null ? "-" : code.classify(p))
                            + "\npacket " + hex(p) + " nh " + p.networkHeaderOffset() + " th " + p.transportHeaderOffset()
                            + "\nrules:\n" + String.join("\n", conf) + "\nprogram:\n" + prog.unparse());
                }
                batch.add(p);
                if (batch.isFull()) {
                    checkBatch(code, prog, batch);
                }
            }
            checkBatch(code, prog, batch);
        }
        assertTrue(generated > LISTS / 2, "most programs should be generated as bytecode: " + generated);
        System.out.println("random lists: " + LISTS + ", rule-by-rule fallbacks: " + sequentialFallbacks + ", generated: " + generated);
    }

    private static void checkBatch(CompiledClassifier code, DecisionProgram prog, PacketBatch batch) {
        if (code != null) {
            int[] out = new int[batch.size()];
            code.classifyBatch(batch, batch.size(), out);
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(prog.interpret(batch.get(i)), out[i]);
            }
        }
        batch.killAll();
    }

    @Test
    void classifierPatternsAgreeWithTheirText() {
        PacketPool pool = new PacketPool();
        for (int list = 0; list < 200; list++) {
            java.util.Random r = new java.util.Random(list);
            int n = 1 + r.nextInt(12);
            List<String> pats = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pats.add(randomPattern(r));
            }
            List<String> errors = new ArrayList<>();
            List<Expr> rules = new ArrayList<>();
            int[] outs = new int[n];
            for (int i = 0; i < n; i++) {
                rules.add(ClassifierPatterns.parse(pats.get(i), i, errors));
                outs[i] = i;
            }
            assertTrue(errors.isEmpty(), errors.toString());
            DecisionProgram prog = DecisionProgram.compile(rules, outs);
            CompiledClassifier code = BytecodeCompiler.compile(prog);
            for (int k = 0; k < 300; k++) {
                byte[] d = new byte[r.nextInt(48)];
                for (int j = 0; j < d.length; j++) {
                    d[j] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : new int[] {0, 8, 6, 0x45, 0xFF}[r.nextInt(5)]);
                }
                Packet p = pool.allocate(d.length);
                p.copyFrom(d, 0, 0, d.length);
                int want = -1;
                for (int i = 0; i < n; i++) {
                    if (Reference.pattern(pats.get(i), d)) {
                        want = i;
                        break;
                    }
                }
                int got = prog.interpret(p);
                int gen = code == null ? got : code.classify(p);
                if (got != want || gen != want) {
                    fail("patterns " + pats + " packet " + hex(p) + ": want " + want + " interpreted " + got + " generated " + gen
                            + "\n" + prog.unparse());
                }
                p.kill();
            }
        }
    }

    private static String randomPattern(java.util.Random r) {
        if (r.nextInt(10) == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        int clauses = 1 + r.nextInt(3);
        for (int c = 0; c < clauses; c++) {
            if (c > 0) {
                sb.append(' ');
            }
            if (r.nextInt(4) == 0) {
                sb.append('!');
            }
            sb.append(r.nextInt(40)).append('/');
            int bytes = 1 + r.nextInt(5);
            String hex = "0123456789abcdef";
            StringBuilder v = new StringBuilder();
            StringBuilder m = new StringBuilder();
            for (int b = 0; b < 2 * bytes; b++) {
                v.append(r.nextInt(8) == 0 ? '?' : new char[] {'0', '0', '8', '6', '4', '5', 'f'}[r.nextInt(7)]);
                m.append(hex.charAt(r.nextInt(3) == 0 ? r.nextInt(16) : 15));
            }
            sb.append(v);
            if (r.nextInt(3) == 0) {
                sb.append('%').append(m);
            }
        }
        return sb.toString();
    }

    static String hex(Packet p) {
        StringBuilder sb = new StringBuilder();
        for (byte b : p.toByteArray()) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
