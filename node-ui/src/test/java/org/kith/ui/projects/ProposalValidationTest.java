package org.kith.ui.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.node.store.Views;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;

/** The proposal and commit forms' checks: every error a person can make, and the record a valid draft gives. */
class ProposalValidationTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);

    private static ProposalDraft draft(String kind, String title, String summary, String start, String end) {
        return new ProposalDraft(kind, title, summary, "", List.of(), start, end, "", "", "public", null);
    }

    private static ProposalDraft withRoles(List<ProposalDraft.RoleDraft> roles, String tags) {
        return new ProposalDraft("project", "T", "S", null, roles, null, null, null, tags, "public", null);
    }

    @Test
    void emptyTitleAndSummaryAreNamed() {
        var r = ProposalValidation.validate(draft("project", "  ", "", null, null), TODAY, null);
        assertEquals("A title is needed", r.errors().get("title"));
        assertEquals("A short summary is needed", r.errors().get("summary"));
        assertNull(r.proposal());
    }

    @Test
    void aGatheringNeedsAStartThatIsNotPast() {
        assertEquals("A gathering needs a start date",
                ProposalValidation.validate(draft("gathering", "T", "S", "", null), TODAY, null).errors().get("start"));
        assertEquals("The start date 2026-06-09 is in the past", ProposalValidation.validate(
                draft("gathering", "T", "S", "2026-06-09", null), TODAY, null).errors().get("start"));
        assertTrue(ProposalValidation.validate(draft("gathering", "T", "S", "2026-06-10", null), TODAY, null).ok(),
                "today is fine");
        assertTrue(ProposalValidation.validate(draft("project", "T", "S", "2026-01-01", null), TODAY, null).ok(),
                "a project may have started already");
    }

    @Test
    void datesMustParseAndEndMustNotPrecedeStart() {
        assertEquals("The start must be a date like 2026-05-31", ProposalValidation.validate(
                draft("project", "T", "S", "next week", null), TODAY, null).errors().get("start"));
        assertEquals("The end (2026-07-01) is before the start (2026-07-02)", ProposalValidation.validate(
                draft("project", "T", "S", "2026-07-02", "2026-07-01"), TODAY, null).errors().get("end"));
        assertEquals("An end date needs a start date", ProposalValidation.validate(
                draft("project", "T", "S", null, "2026-07-01"), TODAY, null).errors().get("start"));
        assertTrue(ProposalValidation.validate(draft("project", "T", "S", "2300-01-01", null), TODAY, null)
                .errors().get("start").contains("between"));
    }

    @Test
    void protocolLimitsAreCheckedBeforePublishing() {
        String title = "x".repeat(141);
        assertEquals("The title is too long: 141 characters, at most 140",
                ProposalValidation.validate(draft("project", title, "S", null, null), TODAY, null).errors().get("title"));
        assertTrue(ProposalValidation.validate(draft("project", "a\u202Eb", "S", null, null), TODAY, null).errors()
                .get("title").contains("invisible"));
        String tags = String.join(",", java.util.stream.IntStream.range(0, 17).mapToObj(i -> "t" + i).toList());
        assertEquals("17 tags, at most 16", ProposalValidation.validate(withRoles(List.of(), tags), TODAY, null)
                .errors().get("tags"));
        assertTrue(ProposalValidation.validate(withRoles(List.of(), "y".repeat(33)), TODAY, null).errors().get("tags")
                .startsWith("Tag \""));
        assertEquals("Role 1 needs a name", ProposalValidation.validate(withRoles(List.of(
                new ProposalDraft.RoleDraft("", "carpentry", "")), ""), TODAY, null).errors().get("roles"));
        assertEquals("Role 1 lists 9 skills, at most 8", ProposalValidation.validate(withRoles(List.of(
                new ProposalDraft.RoleDraft("r", "a,b,c,d,e,f,g,h,i", "")), ""), TODAY, null).errors().get("roles"));
        var roles = java.util.stream.IntStream.range(0, 21).mapToObj(i -> new ProposalDraft.RoleDraft("r" + i, "", ""))
                .toList();
        assertEquals("21 roles, at most 20", ProposalValidation.validate(withRoles(roles, ""), TODAY, null).errors()
                .get("roles"));
    }

    @Test
    void aValidDraftBecomesTheProposalRecord() {
        ProposalDraft d = new ProposalDraft("gathering", " Seed swap ", "Bring seeds\ntake seeds", " ",
                List.of(new ProposalDraft.RoleDraft(" host ", "organising, , gardening, organising", " 2h "),
                        new ProposalDraft.RoleDraft("", "", "")),
                "2026-07-01", "2026-07-02", " Town hall ", "garden, seeds,", "public", null);
        var r = ProposalValidation.validate(d, TODAY, null);
        assertTrue(r.ok(), () -> r.errors().toString());
        Proposal p = r.proposal();
        assertEquals(ProposalKind.GATHERING, p.kind());
        assertEquals("Seed swap", p.title());
        assertEquals("Bring seeds\ntake seeds", p.summary());
        assertNull(p.details(), "blank details are left out");
        assertEquals(List.of(new Proposal.Role("host", List.of("organising", "gardening"), "2h")), p.roles(),
                "blank role rows are skipped, repeated skills once");
        assertEquals(new Proposal.When("2026-07-01", "2026-07-02", "Town hall"), p.when());
        assertEquals(List.of("garden", "seeds"), p.tags());
        assertEquals(ProposalStatus.OPEN, p.status());
        assertNull(p.of());
    }

    private static Views.Proposal original(String kind, String status, String start) {
        return new Views.Proposal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "me", "public", kind, "Old",
                "Sum", null, status, List.of(), List.of(), start, null, "Hall", "x", 0, 0);
    }

    @Test
    void anEditKeepsItsKindAPassedStartAndMovesOnlyAlongTheLifecycle() {
        Views.Proposal old = original("gathering", "active", "2026-06-01T18:00:00+02:00");
        ProposalDraft d = new ProposalDraft("project", "New", "Sum", null, List.of(), "2026-06-01", null, "Hall", "",
                null, "completed");
        var r = ProposalValidation.validate(d, TODAY, old);
        assertTrue(r.ok(), () -> r.errors().toString());
        assertEquals(ProposalKind.GATHERING, r.proposal().kind(), "the kind never changes");
        assertEquals("2026-06-01T18:00:00+02:00", r.proposal().when().start(), "an unchanged day keeps its time");
        assertEquals(ProposalStatus.COMPLETED, r.proposal().status());
        assertEquals(old.id(), r.proposal().of().toString());

        ProposalDraft back = new ProposalDraft("gathering", "New", "Sum", null, List.of(), "2026-06-01", null, null, "",
                null, "open");
        assertEquals("The status cannot go from active to open", ProposalValidation.validate(back, TODAY, old).errors()
                .get("status"));
        ProposalDraft moved = new ProposalDraft("gathering", "New", "Sum", null, List.of(), "2026-06-02", null, null,
                "", null, "active");
        assertTrue(ProposalValidation.validate(moved, TODAY, old).errors().get("start").contains("past"),
                "a changed start may not be in the past");
    }

    @Test
    void lifecycleOffersOnlyTheAllowedMoves() {
        assertEquals(List.of(ProposalStatus.FORMING, ProposalStatus.ACTIVE, ProposalStatus.ABANDONED),
                Lifecycle.next(ProposalStatus.OPEN));
        assertEquals(List.of(ProposalStatus.OPEN, ProposalStatus.ACTIVE, ProposalStatus.ABANDONED),
                Lifecycle.next(ProposalStatus.FORMING));
        assertEquals(List.of(ProposalStatus.COMPLETED, ProposalStatus.ABANDONED), Lifecycle.next(ProposalStatus.ACTIVE));
        assertTrue(Lifecycle.isFinal(ProposalStatus.COMPLETED));
        assertTrue(Lifecycle.isFinal(ProposalStatus.ABANDONED));
    }

    @Test
    void commitFormChecksWhatDueAndEffort() {
        var bad = CommitValidation.validate(" ", "2026-06-09", "x".repeat(33), TODAY);
        assertEquals("Say what you will do", bad.errors().get("what"));
        assertEquals("The due date 2026-06-09 is in the past", bad.errors().get("due"));
        assertTrue(bad.errors().get("effort").startsWith("The effort is too long"));
        assertEquals("A due date is needed", CommitValidation.validate("w", "", null, TODAY).errors().get("due"));
        assertEquals("The due date may be at most 5 years ahead",
                CommitValidation.validate("w", "2031-06-11", null, TODAY).errors().get("due"));
        var ok = CommitValidation.validate(" Build ", "2026-06-10", " 2 days ", TODAY);
        assertTrue(ok.ok());
        assertEquals("Build", ok.what());
        assertEquals(TODAY, ok.due());
        assertEquals("2 days", ok.effort());
    }
}
