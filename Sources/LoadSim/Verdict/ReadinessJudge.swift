/// Judges the readiness timeline (`/readyz` polled every few milliseconds) against a check.
struct ReadinessJudge {
    let observation: Observation

    private var samples: [RunJournal.ProbeSample] {
        observation.journal.probes.filter { $0.probe == .readyz && $0.atMs <= observation.loadEndMs }
    }

    func judge(_ check: ReadinessCheck) -> (Verdict, String, String) {
        let samples = samples
        switch check {
        case .neverDrops:
            let expected = "/readyz 200 at every poll during the load"
            guard samples.count >= 5 else { return (.inconclusive, expected, "only \(samples.count) polls") }
            if let drop = samples.first(where: { $0.status != 200 }) {
                return (.fail, expected, "\(drop.status.map(String.init) ?? "no answer") at \(Int(drop.atMs)) ms (\(samples.count) polls)")
            }
            return (.pass, expected, "200 at all \(samples.count) polls")
        case .dropsAndRecovers(let index, let dropWithin, let recoverWithin):
            var parts: [String] = []
            if let dropWithin { parts.append("drops within \(dropWithin) ms") }
            if let recoverWithin { parts.append("is 200 again within \(recoverWithin) ms") }
            let expected = "after fault \(index): /readyz " + parts.joined(separator: " and ")
            guard let fault = observation.journal.faults.first(where: { $0.index == index }) else { return (.inconclusive, expected, "fault \(index) did not fire") }
            let after = samples.filter { $0.atMs >= fault.atMs }
            let drop = after.first { $0.status != 200 }
            let recovery = after.first { $0.status == 200 && $0.atMs > (drop?.atMs ?? fault.atMs) }
            var observed: [String] = []
            var pass = true
            if let dropWithin {
                if let drop {
                    let delay = drop.atMs - fault.atMs
                    observed.append("dropped after \(Int(delay)) ms")
                    pass = pass && delay <= Double(dropWithin)
                } else {
                    observed.append("never dropped")
                    pass = false
                }
            }
            if let recoverWithin {
                if drop == nil {
                    observed.append("stayed 200")
                } else if let recovery {
                    let delay = recovery.atMs - fault.atMs
                    observed.append("200 again after \(Int(delay)) ms")
                    pass = pass && delay <= Double(recoverWithin)
                } else {
                    observed.append("not 200 again by the end of the load (\(Int(observation.loadEndMs - fault.atMs)) ms after the fault)")
                    pass = false
                }
            }
            return (pass ? .pass : .fail, expected, observed.joined(separator: ", "))
        case .dropsForGood(let index, let dropWithin):
            let expected = "after fault \(index): /readyz drops within \(dropWithin) ms and stays down"
            guard let fault = observation.journal.faults.first(where: { $0.index == index }) else { return (.inconclusive, expected, "fault \(index) did not fire") }
            let after = samples.filter { $0.atMs >= fault.atMs }
            guard let drop = after.first(where: { $0.status != 200 }) else { return (.fail, expected, "never dropped") }
            let delay = drop.atMs - fault.atMs
            if let back = after.first(where: { $0.status == 200 && $0.atMs > drop.atMs }) {
                return (.fail, expected, "dropped after \(Int(delay)) ms, 200 again at \(Int(back.atMs - fault.atMs)) ms")
            }
            return (delay <= Double(dropWithin) ? .pass : .fail, expected, "dropped after \(Int(delay)) ms and stayed down")
        }
    }
}
