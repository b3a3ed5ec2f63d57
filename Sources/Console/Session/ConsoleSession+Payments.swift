import Configuration

extension ConsoleSession {
    func queue() async {
        switch await host.queue() {
        case .failure(let error): out.data("error: \(error)")
        case .success(let items) where items.isEmpty: out.line("no unfinished payments")
        case .success(let items):
            out.line("\("ID".padding(to: 6)) \("STATE".padding(to: 12)) \("AMOUNT".padding(to: 14)) \("CODE".padding(to: 26)) ORDER")
            for item in items {
                out.data("\(String(item.id).padding(to: 6)) \(item.state.padding(to: 12)) \(item.amount.padding(to: 14)) \(item.codeMasked.padding(to: 26)) \(item.order)")
            }
        }
    }

    func queueShow(_ arguments: [String]) async {
        guard arguments.count == 1, let id = Int64(arguments[0]) else { out.line("usage: queue show ID"); return }
        switch await host.queueItem(id) {
        case .success(let lines): for line in lines { out.data(line) }
        case .failure(let error): out.data("error: \(error)")
        }
    }

    func report(_ arguments: [String]) async {
        guard arguments.count <= 1 else { out.line("usage: report [today|YYYY-MM-DD]"); return }
        let day = arguments.first.flatMap { $0 == "today" ? nil : $0 }
        switch await host.report(day) {
        case .success(let lines): for line in lines { out.data(line) }
        case .failure(let error): out.data("error: \(error)")
        }
    }

    func queueRetry(_ arguments: [String]) async {
        guard arguments.count == 1, let id = Int64(arguments[0]) else { out.line("usage: queue retry ID"); return }
        let result = await host.retry(id)
        show(result)
        if case .success = result { await record([auditEntry("queue retry", key: "attempt \(id)")]) }
    }

    func payment(_ spec: CommandSpec, _ arguments: [String]) {
        guard let idText = arguments.first, let id = Int64(idText) else { usage(spec); return }
        guard store.settings.console.supervisorPinHash != nil else {
            out.line("no supervisor PIN is set; a supervisor sets one with `passwd supervisor`")
            return
        }
        if spec.command == .payCancel {
            guard arguments.count == 1 else { usage(spec); return }
            mode = .hidden(.supervisor(then: .cancel(id)))
        } else {
            guard arguments.count == 2 else { usage(spec); return }
            mode = .hidden(.supervisor(then: .refund(id, arguments[1])))
        }
    }

    func performSupervised(_ action: SupervisorAction) async {
        switch action {
        case .cancel(let id):
            out.line("cancelling payment \(id)...")
            let result = await host.cancelPayment(id)
            show(result)
            await record([auditEntry("pay cancel", key: "attempt \(id)", new: Self.verdict(result))])
        case .refund(let id, let amount):
            out.data("refunding \(amount) of payment \(id)...")
            let result = await host.refundPayment(id, amount: amount)
            show(result)
            await record([auditEntry("pay refund", key: "attempt \(id)", new: "\(amount): \(Self.verdict(result))")])
        case .changeSupervisorPin:
            mode = .hidden(.newPin(.supervisor, first: nil, then: nil))
        }
    }
}
