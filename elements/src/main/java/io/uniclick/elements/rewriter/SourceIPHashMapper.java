package io.uniclick.elements.rewriter;

import io.uniclick.core.config.Args;
import io.uniclick.core.config.ConfigText;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.Element;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.packet.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sticky load balancing by consistent hashing of the source address (Click's SourceIPHashMapper). */
@ElementInfo(name = "SourceIPHashMapper", ports = "0/0", processing = "a/a",
        synopsis = "SourceIPHashMapper(NNODES SEED, PATTERN1 FOUTPUT ROUTPUT ID1, ...)",
        description = "An IPMapper: each new flow is sent to the pattern of the server its source address hashes to, so one "
                + "client always reaches the same server. Servers are placed on a hash ring with NNODES points each, drawn from "
                + "glibc's random() seeded with SEED; IDs identify servers, so removing one moves only its clients.",
        example = "sh :: SourceIPHashMapper(100 0xbadbeef, - - 10.0.0.1 - 0 1 0, - - 10.0.0.2 - 0 1 1);\nlb :: IPRewriter(sh);",
        notes = "The ring reproduces Click's exactly (same random sequence, same source hash, same lookup, including "
                + "Click's choice of the tree root when a hash is beyond the last point), so clients reach the same servers "
                + "as with Click on Linux.")
public final class SourceIPHashMapper extends Element implements IPMapper {
    private InputSpec[] is = new InputSpec[0];
    private int[] keys = new int[0];
    private int[] index = new int[0];
    private int rootIndex;

    @Override
    public int configurePhase() {
        return CONFIGURE_PHASE_DEFAULT - 1;
    }

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        if (conf.isEmpty()) {
            throw new ConfigException("no hash seed given");
        } else if (conf.size() == 1) {
            throw new ConfigException("no patterns given");
        } else if (conf.size() == 2) {
            context.errors().println(landmark() + ": warning: only one pattern given");
        }
        List<String> params = ConfigText.splitWords(conf.get(0));
        if (params.size() != 2) {
            throw new ConfigException("requires 2 config params: numnodes seed");
        }
        int nnodes = Pattern.intOr(params.get(0), -1);
        if (nnodes <= 0) {
            throw new ConfigException("number of nodes must be an integer");
        }
        long seedL;
        try {
            seedL = io.uniclick.core.config.ArgTypes.parseInteger(params.get(1));
        } catch (Exception e) {
            throw new ConfigException("hash seed must be an integer");
        }
        List<String> errors = new ArrayList<>();
        List<InputSpec> specs = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i < conf.size(); i++) {
            List<String> words = new ArrayList<>(ConfigText.splitWords(conf.get(i)));
            int id = words.size() <= 1 ? -1 : Pattern.intOr(words.get(words.size() - 1), -1);
            if (id < 0 || id > 65535) {
                errors.add("bad server ID in pattern spec");
                continue;
            }
            words.remove(words.size() - 1);
            InputSpec s = new InputSpec();
            s.kind = InputSpec.PATTERN;
            try {
                RewriterBase.parsePatternWithPorts(words, s, "", this, context);
                specs.add(s);
                ids.add(id);
            } catch (ConfigException e) {
                errors.addAll(e.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        is = specs.toArray(new InputSpec[0]);
        buildRing(ids, nnodes, (int) seedL);
    }

    private void buildRing(List<Integer> ids, int nnodes, int seed) {
        GlibcRandom rnd = new GlibcRandom(seed);
        int maxServers = -1;
        for (int id : ids) {
            maxServers = Math.max(maxServers, id);
        }
        maxServers++;
        boolean[] present = new boolean[maxServers];
        for (int id : ids) {
            present[id] = true;
        }
        int n = ids.size() * nnodes;
        long[] nodes = new long[n]; // key << 16 | index
        int p = 0;
        int idx = -1;
        for (int i = 0; i < maxServers; i++) {
            boolean inc = false;
            for (int j = 0; j < nnodes; j++) {
                int tmp = rnd.next();
                if (present[i] && p < n) {
                    if (!inc) {
                        inc = true;
                        idx++;
                    }
                    nodes[p++] = (long) tmp << 16 | (idx & 0xFFFF);
                }
            }
        }
        Arrays.sort(nodes, 0, p);
        keys = new int[p];
        index = new int[p];
        for (int i = 0; i < p; i++) {
            keys[i] = (int) (nodes[i] >>> 16);
            index[i] = (int) (nodes[i] & 0xFFFF);
        }
        // the root of Click's implicit search tree, returned for hashes beyond the last point
        int nn = Integer.highestOneBit(p) << 1;
        int f = 2 * ((p + 1) / 2) - 2 * ((nn - 1 - p) / 2) + 1;
        int x = nn >> 1;
        int from = x < f ? x : (x + f - 1) / 2;
        rootIndex = p == 0 ? 0 : index[Math.max(0, Math.min(p - 1, from - 1))];
    }

    /** The server index (rank of its ID) for a source address, as Click's hash2ind. */
    int serverFor(int saddr) {
        int tmp = Integer.reverseBytes(saddr); // Click reads the address in host (little-endian) order
        int t2 = tmp & 0xFF;
        tmp *= (t2 << 24) | 1;
        long k = (tmp & 0xFFFFFFFFL) % 0x7FFFFFFFL;
        int key = (int) k;
        int lo = 0;
        int hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < keys.length ? index[lo] : rootIndex;
    }

    @Override
    public void notifyRewriter(Element user, InputSpec input, List<String> errors) {
        for (int i = 0; i < is.length; i++) {
            if (is[i].foutput >= user.noutputs() || is[i].routput >= user.noutputs()) {
                errors.add("output port out of range in " + declaration() + " pattern " + i);
            }
        }
    }

    @Override
    public int rewriteFlowid(InputSpec input, FlowId in, FlowId out, FlowTable table, int cls, Packet p) {
        int v = serverFor(in.saddr);
        if (v >= is.length) {
            return Pattern.RW_DROP;
        }
        InputSpec s = is[v];
        input.foutput = s.foutput;
        input.routput = s.routput;
        return s.rewrite(in, out, table, cls, p);
    }
}
