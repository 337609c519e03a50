package org.sscpbridge.sip;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's message processors, except that UDP ones can be stopped at any moment. The RI's UDP
 * processor builds its channel list on its own thread after start; stopping it before that thread
 * is done throws (NullPointerException or ConcurrentModificationException) half-way, leaving
 * threads behind. The bridge stops stacks right after starting them (a port taken on the SSCP
 * side, a quick disable), so its processors wait for their own start-up before stopping.
 * Named by class in the stack properties ({@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}).
 *
 * <p>The UDP processors also put every datagram through a {@link SipAdmission} (see
 * {@link #admit}) on the receiving thread, before the stack's threads parse it: garbage, floods and
 * a full queue are refused there, where it costs least.
 */
public final class SafeStopMessageProcessorFactory implements MessageProcessorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SafeStopMessageProcessorFactory.class);
    private final MessageProcessorFactory others = new OIOMessageProcessorFactory();

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if (ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            MessageProcessor udp = new SafeStopUdpMessageProcessor(address, stack, port);
            // What the RI's own factory does: UDP requests then leave from the listening socket
            // instead of a new ephemeral socket per datagram.
            try {
                java.lang.reflect.Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
                flag.setAccessible(true);
                flag.setBoolean(stack, true);
            } catch (ReflectiveOperationException e) {
                throw new IOException("cannot make the SIP stack send from its UDP socket", e);
            }
            return udp;
        }
        return others.createMessageProcessor(stack, address, port, transport);
    }

    /**
     * Puts the UDP processor of {@code lp} behind {@code admission}; until then every datagram is
     * admitted. Returns whether the listening point had such a processor.
     */
    static boolean admit(javax.sip.ListeningPoint lp, SipAdmission admission) {
        if (lp instanceof gov.nist.javax.sip.ListeningPointImpl impl
                && impl.getMessageProcessor() instanceof SafeStopUdpMessageProcessor udp) {
            udp.queue.admission = admission;
            return true;
        }
        return false;
    }

    private static final class SafeStopUdpMessageProcessor extends UDPMessageProcessor {
        private static final long START_UP_WAIT_NANOS = 2_000_000_000L;
        private final AdmissionQueue queue;

        SafeStopUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
            super(address, stack, port);
            // The RI's receiving thread offers every datagram to this queue and its channel threads
            // take from it (both read the field each time): replacing it before start() puts the
            // admission in front of the parser.
            this.queue = new AdmissionQueue(this);
            this.messageQueue = queue;
        }

        void reply(byte[] response, InetSocketAddress to) {
            try {
                sock.send(new DatagramPacket(response, response.length, to));
            } catch (IOException | RuntimeException e) {
                LOG.debug("stateless SIP response to {} not sent: {}", to, e.toString());
            }
        }

        @Override
        public void stop() {
            awaitStartUp();
            super.stop();
        }

        private void awaitStartUp() {
            if (!isRunning) {
                return;
            }
            long deadline = System.nanoTime() + START_UP_WAIT_NANOS;
            while (!channelsBuilt() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }

        private boolean channelsBuilt() {
            var channels = messageChannels;
            // The processor's own threadPoolSize field is never set by the RI; the stack's is not
            // readable from here, so the size the user agent configured is used.
            return channels != null && channels.size() >= SipUserAgent.THREAD_POOL_SIZE;
        }
    }

    /**
     * The stack's receive queue with {@link SipAdmission} in front: what the admission refuses
     * never reaches the parser; what it admits waits here, at most {@code queueMax} datagrams.
     */
    private static final class AdmissionQueue extends LinkedBlockingQueue<DatagramQueuedMessageDispatch> {
        private static final long serialVersionUID = 1L;
        private final transient SafeStopUdpMessageProcessor processor;
        transient volatile SipAdmission admission;

        AdmissionQueue(SafeStopUdpMessageProcessor processor) {
            this.processor = processor;
        }

        @Override
        public boolean offer(DatagramQueuedMessageDispatch dispatch) {
            SipAdmission a = admission;
            DatagramPacket packet = dispatch.packet;
            if (a == null || packet == null || !(packet.getSocketAddress() instanceof InetSocketAddress source)) {
                return super.offer(dispatch);
            }
            SipAdmission.Verdict verdict;
            try {
                verdict = a.admit(source, packet.getData(), packet.getLength(), packet.getData().length);
            } catch (RuntimeException e) {
                // The admission must never stop the receiving thread; the stack's parser decides.
                LOG.warn("SIP admission failed on a datagram from {}: {}", source, e.toString());
                return super.offer(dispatch);
            }
            if (verdict instanceof SipAdmission.Verdict.Reply reply) {
                processor.reply(reply.response(), source);
                return true;
            }
            if (verdict instanceof SipAdmission.Verdict.Drop) {
                return true;
            }
            if (size() >= a.limits().queueMax()) {
                a.queueFull(source);
                return true;
            }
            return super.offer(dispatch);
        }
    }
}
