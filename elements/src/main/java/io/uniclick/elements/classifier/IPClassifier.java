package io.uniclick.elements.classifier;

import io.uniclick.core.config.AddressResolver;
import io.uniclick.core.config.Args;
import io.uniclick.core.element.ConfigException;
import io.uniclick.core.element.ElementInfo;
import io.uniclick.core.handler.HandlerException;
import io.uniclick.core.handler.Handlers;
import java.util.ArrayList;
import java.util.List;

/** Click's IPClassifier: tcpdump-like expressions, one per output. */
@ElementInfo(name = "IPClassifier", ports = "1/-", processing = "h/h",
        synopsis = "IPClassifier(PATTERN_1, ..., PATTERN_N)",
        description = "Classifies IP packets with tcpdump-like expressions, one per output; packets go to the output of the "
                + "first matching expression, those matching none are dropped. Primitives: 'ip proto P', '[src|dst] host A', "
                + "'[src|dst] net A/LEN' (or 'net A mask M'), '[src|dst] [tcp|udp] port P', 'ip vers|hl|id|tos|dscp|ttl|len V', "
                + "'ip ect', 'ip ce', 'ip frag', 'ip unfrag', 'tcp opt syn|fin|ack|rst|psh|urg', 'tcp win W', 'icmp type T', "
                + "'ip[POS:LEN] V', 'transp[..]', 'tcp[..]', 'udp[..]', '[src|dst] ether host E', 'true', 'false', '-'. "
                + "Relations = == != < > <= >= and '& MASK'; connectives and/&&, or/||, not/!, parentheses and 'a ? b : c'. "
                + "Abbreviations: 'tcp' = 'ip proto tcp', 'www' = 'port www', 'syn' = 'tcp opt syn', '10.0.0.0/8' = "
                + "'net 10.0.0.0/8'; qualifiers carry forward ('src port 80 or 81'). Port, ICMP type, TCP option and "
                + "transport-field tests match first fragments only, and only when the field lies inside the packet. "
                + "Offsets are relative to the network-header annotation (CheckIPHeader/MarkIPHeader). The rules are "
                + "compiled into one decision program and then into bytecode.",
        handlers = {"program (r): the compiled decision program", "patternN (rw): the expression for output N; writing "
                + "recompiles the classifier", "drops (r): packets that matched no expression"},
        example = "IPClassifier(tcp dst port www, udp, icmp type echo, -);",
        notes = "Packets without the network-header annotation are classified as if the IP header began at the data start "
                + "and the transport header after ip_hl words (Click dereferences a null header). A relation on a field "
                + "partly beyond the packet end is false as a whole ('!=', '<', '<=': likewise false), where Click may decide "
                + "'<'/'>' on the bytes present. Port names are valid for TCP and UDP alike. Ethernet tests need the MAC "
                + "header inside the packet data (after Strip(14) it is in the headroom, so they fail). The patternN and "
                + "drops handlers are additions.")
public final class IPClassifier extends ClassifierBase {
    private List<String> patterns = List.of();
    private AddressResolver addresses;

    @Override
    public void configure(Args a) throws ConfigException {
        List<String> conf = a.rest();
        a.complete();
        if (conf.size() != noutputs()) {
            throw new ConfigException("need " + noutputs() + " arguments, one per output port");
        }
        addresses = a.addresses();
        Compiled c = build(conf, true);
        patterns = new ArrayList<>(conf);
        warnUnusedOutputs(c, conf.size());
    }

    private Compiled build(List<String> conf, boolean printWarnings) throws ConfigException {
        IPFilterParser.Result r = IPFilterParser.parseClassifier(conf, noutputs(), addresses);
        if (!r.errors().isEmpty()) {
            throw new ConfigException(r.errors());
        }
        if (printWarnings) {
            warn(r.warnings());
        }
        List<Expr> rules = new ArrayList<>();
        int[] outs = new int[r.rules().size()];
        for (int i = 0; i < outs.length; i++) {
            rules.add(Lowering.lower(r.rules().get(i).ast()));
            outs[i] = r.rules().get(i).output();
        }
        Compiled c = compile(rules, outs);
        install(c);
        return c;
    }

    @Override
    public void addHandlers(Handlers h) {
        super.addHandlers(h);
        h.readLong("drops", this::drops);
        for (int i = 0; i < patterns.size(); i++) {
            final int slot = i;
            h.readWrite("pattern" + i, () -> patterns.get(slot), v -> {
                List<String> np = new ArrayList<>(patterns);
                np.set(slot, v.trim());
                try {
                    build(np, false);
                } catch (ConfigException e) {
                    throw new HandlerException(String.join("\n", e.messages()));
                }
                patterns = np;
            });
        }
    }
}
