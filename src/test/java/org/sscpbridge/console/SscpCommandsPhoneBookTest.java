package org.sscpbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.store.PhoneBookStore.Entry;

/**
 * {@code sscp:phonebook} as an operator types it: the real Gogo runtime parses the line (options,
 * quoting) and calls the command, the bridge behind it is a mock.
 */
class SscpCommandsPhoneBookTest {
    private final BridgeControl bridge = mock(BridgeControl.class);
    private ThreadIOImpl threadIo;
    private CommandProcessorImpl processor;
    private CommandSession session;

    @BeforeEach
    void start() {
        threadIo = new ThreadIOImpl();
        threadIo.start();
        processor = new CommandProcessorImpl(threadIo);
        processor.addCommand("sscp", new SscpCommands(bridge), "phonebook");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
    }

    @AfterEach
    void stop() {
        session.close();
        processor.stop();
        threadIo.stop();
    }

    private Object run(String line) throws Exception {
        return session.execute(line);
    }

    @Test
    void listShowsOneRowPerEntryAndTheCount() throws Exception {
        when(bridge.phoneBook(null)).thenReturn(List.of(new Entry(null, "1", "Kim", "Sangmi", "1012"),
                new Entry(null, "22", "Lee", null, "+4930123")));
        String out = (String) run("sscp:phonebook list");
        List<String> lines = out.lines().toList();
        assertEquals("ID  LASTNAME  FIRSTNAME  NUMBER", lines.get(0));
        assertEquals("1   Kim       Sangmi     1012", lines.get(1));
        assertEquals("22  Lee                  +4930123", lines.get(2));
        assertEquals("2 entries in the shared directory", lines.get(3));

        when(bridge.phoneBook("SEP1")).thenReturn(List.of(new Entry("SEP1", "7", "Doe", "J", "99")));
        assertTrue(((String) run("sscp:phonebook list SEP1")).endsWith("1 entry of SEP1"));
        assertTrue(((String) run("sscp:phonebook list --device SEP1")).endsWith("1 entry of SEP1"));
    }

    @Test
    void addTakesNumberLastFirstAndOptionalDeviceAndId() throws Exception {
        when(bridge.phoneBookAdd(any(), any(), any(), any(), any())).thenAnswer(a ->
                new Entry(a.getArgument(0), a.getArgument(1) == null ? "41" : a.getArgument(1), a.getArgument(2),
                        a.getArgument(3), a.getArgument(4)));
        assertEquals("stored entry 41 in the shared directory: Kim Sangmi 1012",
                run("sscp:phonebook add 1012 Kim Sangmi"));
        assertEquals("stored entry x9 of SEP1: van Dyke, Dick 1013",
                run("sscp:phonebook add -d SEP1 --id x9 1013 'van Dyke, Dick'"));
        verify(bridge).phoneBookAdd("SEP1", "x9", "van Dyke, Dick", null, "1013");
        run("sscp:phonebook add 1014 Müller \"Hans Peter\" --device SEP2");
        verify(bridge).phoneBookAdd("SEP2", null, "Müller", "Hans Peter", "1014");
    }

    @Test
    void anInvalidAddIsOneLineNamingTheField() throws Exception {
        when(bridge.phoneBookAdd(any(), any(), any(), any(), eq("12ab")))
                .thenThrow(new BridgeException("not stored: number '12ab' is not 1-32 of 0-9 * # +"));
        BridgeException e = assertThrows(BridgeException.class, () -> run("sscp:phonebook add 12ab Kim"));
        assertTrue(e.getMessage().contains("number '12ab'"), e.getMessage());
    }

    @Test
    void removeByIdOfTheSharedDirectoryOrADevice() throws Exception {
        when(bridge.phoneBookRemove(null, "5")).thenReturn(true);
        when(bridge.phoneBookRemove("SEP1", "5")).thenReturn(false);
        assertEquals("removed entry 5 of the shared directory", run("sscp:phonebook remove 5"));
        BridgeException e = assertThrows(BridgeException.class, () -> run("sscp:phonebook remove 5 SEP1"));
        assertEquals("no entry 5 of SEP1", e.getMessage());
    }

    @Test
    void importAndExportResolveTheFileAgainstTheShellsFolder() throws Exception {
        session.currentDir(Path.of("/srv/books"));
        when(bridge.phoneBookImport(any(), any())).thenReturn("imported 3 entries");
        when(bridge.phoneBookExport(any(), any())).thenReturn("exported 3 entries");
        assertEquals("imported 3 entries", run("sscp:phonebook import staff.csv"));
        verify(bridge).phoneBookImport(Path.of("/srv/books/staff.csv"), null);
        run("sscp:phonebook export /tmp/out.vcf SEP1");
        verify(bridge).phoneBookExport(Path.of("/tmp/out.vcf"), "SEP1");
    }

    @Test
    void wrongUseAnswersTheUsage() throws Exception {
        BridgeException e = assertThrows(BridgeException.class, () -> run("sscp:phonebook add 1012"));
        assertTrue(e.getMessage().startsWith("usage: sscp:phonebook list [DEVICE]"), e.getMessage());
        e = assertThrows(BridgeException.class, () -> run("sscp:phonebook frobnicate"));
        assertTrue(e.getMessage().startsWith("no phone book action frobnicate"), e.getMessage());
        e = assertThrows(BridgeException.class, () -> run("sscp:phonebook list SEP1 -d SEP2"));
        assertEquals("two devices given: SEP2 and SEP1", e.getMessage());
        verify(bridge, never()).phoneBook(anyString());
        verify(bridge, never()).phoneBook(isNull());
    }
}
