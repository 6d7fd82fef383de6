"""The desktop's side of the session bus, for the end-to-end tests: a notification server that
can press a notification's buttons, and a tray host (StatusNotifierWatcher) that can read and
click a tray icon's menu. Written against the freedesktop specifications, not against Sanctum.

    python desktop_bus.py notifications          # org.freedesktop.Notifications
    python desktop_bus.py notifications-inhibit  # the same, with KDE's Inhibit/UnInhibit
    python desktop_bus.py tray                   # org.kde.StatusNotifierWatcher

Each prints one JSON object per line on standard output (what it saw: {"ready": true},
{"notify": {...}}, {"inhibit": {...}}, {"uninhibit": cookie}, {"released": cookie} (the
inhibitor left the bus without UnInhibit, as KDE's server notices), {"registered": ...}, {"menu": [...]}, {"sender_left": id} (a notification
taken down because its sender left the bus, as GNOME Shell does), {"error": ...}) and takes commands on
standard input, one per line:

    invoke SUMMARY-PART ACTION   emit ActionInvoked for the newest notification whose summary
                                 contains SUMMARY-PART
    menu                         print the tray menu's labels (with enabled flags)
    click LABEL-PART             click the first enabled tray menu item whose label contains it
"""

import asyncio
import json
import sys

from dbus_fast import BusType, Message, MessageType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.service import PropertyAccess, ServiceInterface, dbus_property, method, signal


def without_mnemonic(label):
    """dbusmenu: a single underscore marks the access key and is not shown; two show one."""
    return "_".join(part.replace("_", "") for part in label.split("__"))


def say(obj):
    print(json.dumps(obj), flush=True)


class Notifications(ServiceInterface):
    def __init__(self):
        super().__init__("org.freedesktop.Notifications")
        self.next_id = 0
        self.seen = []
        self.caller = None  # the bus name of the Notify call being handled

    def handle(self, msg):
        """Notes who sends each notification, and takes a sender's notifications down when it
        leaves the bus, as GNOME Shell does for a known app's: a button on them no longer
        answers."""
        if msg.message_type == MessageType.SIGNAL and msg.member == "NameOwnerChanged":
            name, _old, new = msg.body
            if not new:
                for note in self.seen:
                    if note.get("sender") == name and not note.get("closed"):
                        note["closed"] = True
                        say({"sender_left": note["id"]})
        elif msg.message_type == MessageType.METHOD_CALL and msg.member == "Notify":
            self.caller = msg.sender
        return None

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body", "body-markup"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["sanctum-test-notifications", "sanctum", "1", "1.2"]

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s", body: "s",
               actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":
        self.next_id += 1
        urgency = hints.get("urgency")
        note = {
            "id": self.next_id,
            "app": app_name,
            "summary": summary,
            "body": body,
            "actions": actions[0::2],
            "urgency": urgency.value if urgency is not None else None,
        }
        self.seen.append(dict(note, sender=self.caller))
        say({"notify": note})
        return self.next_id

    @method()
    def CloseNotification(self, id: "u"):
        for note in self.seen:
            if note["id"] == id:
                note["closed"] = True
        self.NotificationClosed(id, 3)

    @signal()
    def ActionInvoked(self, id: "u", action: "s") -> "us":
        return [id, action]

    @signal()
    def NotificationClosed(self, id: "u", reason: "u") -> "uu":
        return [id, reason]

    def invoke(self, part, action):
        for note in reversed(self.seen):
            if part in note["summary"]:
                if note.get("closed"):
                    say({"error": f"notification {note['id']} was taken down"})
                    return
                self.ActionInvoked(note["id"], action)
                say({"invoked": {"id": note["id"], "action": action}})
                return
        say({"error": f"no notification with {part!r} in its summary"})


class InhibitingNotifications(Notifications):
    """A notification server with the Inhibit extension KDE Plasma's offers: Inhibit returns
    a cookie, UnInhibit ends it, and an inhibitor that leaves the bus is released."""

    def __init__(self):
        super().__init__()
        self.inhibitors = {}  # cookie -> unique bus name
        self.next_cookie = 0

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> "b":
        return bool(self.inhibitors)

    def handle(self, msg):
        """Inhibit and UnInhibit need the caller's bus name, so they are handled here."""
        super().handle(msg)
        if msg.message_type == MessageType.SIGNAL and msg.member == "NameOwnerChanged":
            name, _old, new = msg.body
            if not new:
                for cookie, owner in list(self.inhibitors.items()):
                    if owner == name:
                        del self.inhibitors[cookie]
                        say({"released": cookie})
            return None
        if msg.message_type != MessageType.METHOD_CALL or msg.interface != self.name:
            return None
        if msg.member == "Inhibit":
            desktop_entry, reason, _hints = msg.body
            self.next_cookie += 1
            self.inhibitors[self.next_cookie] = msg.sender
            say({"inhibit": {"cookie": self.next_cookie, "app": desktop_entry, "reason": reason}})
            return Message.new_method_return(msg, "u", [self.next_cookie])
        if msg.member == "UnInhibit":
            (cookie,) = msg.body
            self.inhibitors.pop(cookie, None)
            say({"uninhibit": cookie})
            return Message.new_method_return(msg)
        return None


class Tray:
    """A StatusNotifierWatcher that remembers the items that register with it."""

    PATH = "/StatusNotifierWatcher"
    NAME = "org.kde.StatusNotifierWatcher"

    def __init__(self, bus):
        self.bus = bus
        self.items = []  # (bus name, object path)

    def handle(self, msg):
        if msg.message_type != MessageType.METHOD_CALL or msg.path != self.PATH:
            return None
        if msg.interface == self.NAME and msg.member == "RegisterStatusNotifierItem":
            arg = msg.body[0]
            item = (msg.sender, arg) if arg.startswith("/") else (arg, "/StatusNotifierItem")
            self.items.append(item)
            say({"registered": {"service": item[0], "path": item[1]}})
            return Message.new_method_return(msg)
        if msg.interface == self.NAME and msg.member == "RegisterStatusNotifierHost":
            return Message.new_method_return(msg)
        if msg.interface == "org.freedesktop.DBus.Properties":
            props = {
                "RegisteredStatusNotifierItems": Variant("as", [f"{s}{p}" for s, p in self.items]),
                "IsStatusNotifierHostRegistered": Variant("b", True),
                "ProtocolVersion": Variant("i", 0),
            }
            if msg.member == "Get":
                value = props.get(msg.body[1])
                if value is not None:
                    return Message.new_method_return(msg, "v", [value])
            if msg.member == "GetAll":
                return Message.new_method_return(msg, "a{sv}", [props])
        return None

    async def call(self, service, path, interface, member, signature="", body=()):
        reply = await self.bus.call(Message(destination=service, path=path, interface=interface,
                                            member=member, signature=signature, body=list(body)))
        if reply.message_type == MessageType.ERROR:
            raise RuntimeError(f"{member}: {reply.error_name} {reply.body}")
        return reply.body

    async def menu(self):
        if not self.items:
            raise RuntimeError("no tray item has registered")
        service, path = self.items[-1]
        (menu_path,) = await self.call(service, path, "org.freedesktop.DBus.Properties", "Get",
                                       "ss", ["org.kde.StatusNotifierItem", "Menu"])
        menu_path = menu_path.value
        _, layout = await self.call(service, menu_path, "com.canonical.dbusmenu", "GetLayout",
                                    "iias", [0, -1, []])
        entries = []

        def walk(node):
            item_id, props, children = node
            label = props.get("label")
            if label is not None:
                enabled = props.get("enabled")
                entries.append({"id": item_id, "label": without_mnemonic(label.value),
                                "enabled": True if enabled is None else bool(enabled.value)})
            for child in children:
                walk(child.value)

        walk(layout)
        return service, menu_path, entries

    async def click(self, part):
        service, menu_path, entries = await self.menu()
        for e in entries:
            if part in e["label"] and e["enabled"]:
                await self.call(service, menu_path, "com.canonical.dbusmenu", "Event", "isvu",
                                [e["id"], "clicked", Variant("s", ""), 0])
                say({"clicked": e["label"]})
                return
        say({"error": f"no enabled menu item with {part!r}", "menu": entries})


async def commands(handler):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        words = line.decode().strip().split(" ", 1)
        if words and words[0]:
            try:
                await handler(words[0], words[1] if len(words) > 1 else "")
            except Exception as e:  # the test reads the error; the helper keeps serving
                say({"error": str(e)})


async def main(role):
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    if role in ("notifications", "notifications-inhibit"):
        server = InhibitingNotifications() if role == "notifications-inhibit" else Notifications()
        bus.add_message_handler(server.handle)
        await bus.call(Message(
            destination="org.freedesktop.DBus", path="/org/freedesktop/DBus",
            interface="org.freedesktop.DBus", member="AddMatch", signature="s",
            body=["type='signal',interface='org.freedesktop.DBus',member='NameOwnerChanged'"]))
        bus.export("/org/freedesktop/Notifications", server)
        await bus.request_name("org.freedesktop.Notifications")
        say({"ready": True})

        async def handle(cmd, rest):
            if cmd == "invoke":
                part, action = rest.rsplit(" ", 1)
                server.invoke(part, action)

        await commands(handle)
    elif role == "tray":
        tray = Tray(bus)
        bus.add_message_handler(tray.handle)
        await bus.request_name(Tray.NAME)
        say({"ready": True})

        async def handle(cmd, rest):
            if cmd == "menu":
                say({"menu": (await tray.menu())[2]})
            elif cmd == "click":
                await tray.click(rest)

        await commands(handle)
    else:
        raise SystemExit(f"unknown role {role!r}; use notifications or tray")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
