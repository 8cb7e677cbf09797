package io.uniclick.dsl.compile;

import io.uniclick.core.element.Element;
import io.uniclick.core.element.Port;
import io.uniclick.core.packet.PacketBatch;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;

/**
 * Generates the glue of one connection: a hidden final subclass of {@link Port} whose
 * {@code push}/{@code pull} call the concrete peer class with the peer's port number as a constant,
 * through a final field of the exact peer type. Hidden classes' final fields are trusted by the JIT,
 * and each connection has its own class, so every call site in the glue is monomorphic: the
 * load-time counterpart of click-devirtualize.
 *
 * <p>The class is defined in the peer class's package and class loader, so elements from user jars
 * are linked the same way.
 */
public final class GlueGenerator {
    private static final ClassDesc CD_PORT = ClassDesc.of(Port.class.getName());
    private static final ClassDesc CD_BATCH = ClassDesc.of(PacketBatch.class.getName());
    private static final ClassDesc CD_ELEMENT = ClassDesc.of(Element.class.getName());
    private static final MethodTypeDesc MTD_PUSH = MethodTypeDesc.of(ConstantDescs.CD_void, CD_BATCH);
    private static final MethodTypeDesc MTD_PULL = MethodTypeDesc.of(CD_BATCH, ConstantDescs.CD_int);
    private static final MethodTypeDesc MTD_PEER_PUSH = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int, CD_BATCH);
    private static final MethodTypeDesc MTD_PEER_PULL = MethodTypeDesc.of(CD_BATCH, ConstantDescs.CD_int, ConstantDescs.CD_int);

    private GlueGenerator() {
    }

    /** Makes the glue that reaches {@code peer}'s port {@code peerPort}. */
    public static Port link(Element peer, int peerPort) {
        Class<?> type = peer.getClass();
        try {
            MethodHandles.Lookup host = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            byte[] bytes = generate(type, peerPort);
            MethodHandles.Lookup glue = host.defineHiddenClass(bytes, true);
            MethodHandle ctor = glue.findConstructor(glue.lookupClass(), MethodType.methodType(void.class, type));
            return (Port) ctor.invoke(peer);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot generate glue for " + type.getName() + ": " + t, t);
        }
    }

    static byte[] generate(Class<?> peerType, int peerPort) {
        ClassDesc peer = ClassDesc.of(peerType.getName());
        String pkg = peerType.getPackageName();
        ClassDesc self = ClassDesc.of((pkg.isEmpty() ? "" : pkg + ".") + "Glue$" + peerType.getSimpleName() + "$" + peerPort);
        return ClassFile.of().build(self, cb -> {
            cb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SYNTHETIC);
            cb.withSuperclass(CD_PORT);
            cb.withField("peer", peer, ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL);
            cb.withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, peer), ClassFile.ACC_PUBLIC, code -> code
                    .aload(0)
                    .invokespecial(CD_PORT, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                    .aload(0)
                    .aload(1)
                    .putfield(self, "peer", peer)
                    .return_());
            cb.withMethodBody("push", MTD_PUSH, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> code
                    .aload(0)
                    .getfield(self, "peer", peer)
                    .loadConstant(peerPort)
                    .aload(1)
                    .invokevirtual(peer, "push", MTD_PEER_PUSH)
                    .return_());
            cb.withMethodBody("pull", MTD_PULL, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> code
                    .aload(0)
                    .getfield(self, "peer", peer)
                    .loadConstant(peerPort)
                    .iload(1)
                    .invokevirtual(peer, "pull", MTD_PEER_PULL)
                    .areturn());
            cb.withMethodBody("peer", MethodTypeDesc.of(CD_ELEMENT), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> code
                    .aload(0)
                    .getfield(self, "peer", peer)
                    .areturn());
            cb.withMethodBody("peerPort", MethodTypeDesc.of(ConstantDescs.CD_int), ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> code
                    .loadConstant(peerPort)
                    .ireturn());
        });
    }
}
