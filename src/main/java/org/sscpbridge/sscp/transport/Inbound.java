package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * One frame delivered to the application: the frame, its source address, and the handle to answer
 * it. An answer sent through {@link #reply} echoes the frame's seq and is remembered, so that a
 * retransmission of the request gets the identical bytes again (SPEC §3).
 *
 * <p>A delivered answer to one of this side's own requests ({@link #isAnswer()}) cannot be
 * answered: answers are never answered, even a MediaInfo whose table row says "Ack if seq".
 *
 * <p>Thread-safety: immutable; {@link #reply} and {@link #ack} may be called from any thread,
 * also after the handler returned.
 */
public final class Inbound {

    /** Sends an answer to an inbound frame; the endpoint that delivered it provides this. */
    @FunctionalInterface
    public interface Replier {
        void reply(Inbound inbound, SscpMessage answer);

        /** See {@link Inbound#refuse()}; by default nothing is undone. */
        default void refuse(Inbound inbound) {
        }
    }

    private final Frame frame;
    private final InetSocketAddress source;
    private final Frame answeredRequest;
    private final Replier replier;

    private Inbound(Frame frame, InetSocketAddress source, Frame answeredRequest, Replier replier) {
        this.frame = Objects.requireNonNull(frame, "frame");
        this.source = Objects.requireNonNull(source, "source");
        this.answeredRequest = answeredRequest;
        this.replier = replier;
    }

    /** A request, or a message without seq, that {@code replier} answers. */
    public static Inbound of(Frame frame, InetSocketAddress source, Replier replier) {
        return new Inbound(frame, source, null, Objects.requireNonNull(replier, "replier"));
    }

    /** A specific answer (not a plain Ack) to {@code request}, sent earlier by this side. */
    public static Inbound answer(Frame frame, InetSocketAddress source, Frame request) {
        return new Inbound(frame, source, Objects.requireNonNull(request, "request"), null);
    }

    public Frame frame() {
        return frame;
    }

    public SscpMessage message() {
        return frame.message();
    }

    public MessageType type() {
        return frame.type();
    }

    /** The frame's seq, {@link Frame#NO_SEQ} if it has none. */
    public long seq() {
        return frame.seq();
    }

    public InetSocketAddress source() {
        return source;
    }

    /** The request of this side that this frame answers, if it is such an answer. */
    public Optional<Frame> answeredRequest() {
        return Optional.ofNullable(answeredRequest);
    }

    public boolean isAnswer() {
        return answeredRequest != null;
    }

    /**
     * The application cannot take this frame now (its queue is full): it counts as dropped
     * ({@link DropReason#QUEUE_FULL}) rather than delivered, and a request's seq is forgotten, so
     * that the sender's retransmission is delivered again instead of being dropped as a duplicate.
     * Call at most once, from the handler, before any answer.
     */
    public void refuse() {
        if (replier != null && !isAnswer()) {
            replier.refuse(this);
        }
    }

    /**
     * Answers this frame with {@code answer}, echoing its seq. If the frame has a seq, the answer
     * must be one that answers it ({@link MessageType#answers}).
     *
     * @throws IllegalStateException if this frame is itself an answer, or the endpoint is closed
     * @throws IllegalArgumentException if {@code answer} does not answer this frame's type, or is
     *     not sent by this side
     */
    public void reply(SscpMessage answer) {
        if (isAnswer()) {
            throw new IllegalStateException(this + " answers " + answeredRequest + "; answers are not answered");
        }
        replier.reply(this, answer);
    }

    /**
     * Answers with the plain Ack of this side (a BridgeMessage.Ack for a phone's frame, a
     * PhoneMessage.Ack for the bridge's), if the frame asked for an answer by carrying a seq.
     * A frame without seq is not acknowledged (SPEC §2 "Ack if seq"), so this does nothing.
     */
    public void ack() {
        if (frame.hasSeq()) {
            reply(frame.type().sender() == Direction.PHONE ? new BridgeMessage.Ack() : new PhoneMessage.Ack());
        }
    }

    @Override
    public String toString() {
        return frame.type().wireName()
                + (frame.hasSeq() ? " seq=" + frame.seq() : "")
                + " from " + source
                + (isAnswer() ? " answering " + answeredRequest.type().wireName() : "");
    }
}
