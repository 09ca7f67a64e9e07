#!/usr/bin/perl
# Prepares a fresh RT 5 database for the sync (run by scripts/sync-stack.sh after
# rt-setup-database): privileged users with the SuperUser right and one REST2 auth token each,
# whose auth string is written to a file (RT stores tokens hashed, so a token can be printed
# only when made): "sync" (the desk's sync; what it changes is an echo to it) and "operator"
# (an RT operator, with whom the tests change tickets on RT's side).
# Also the ticket custom field "Problem code" (free text, every queue) that the `field` mapping
# tests carry (tests/sync/fields.test.ts; docs/sync.md, "Custom fields and trackers").
# Usage: rt-bootstrap.pl SYNC_TOKEN_FILE OPERATOR_TOKEN_FILE. Idempotent: a present file is kept.
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();

sub user_with_token {
    my ( $name, $file ) = @_;
    my $user = RT::User->new( RT->SystemUser );
    $user->Load($name);
    unless ( $user->id ) {
        my ( $ok, $msg ) = $user->Create( Name => $name, RealName => "Incident Desk $name",
            EmailAddress => "$name\@incident-desk.local", Privileged => 1 );
        die "create user $name: $msg\n" unless $ok;
    }
    my ( $granted, $why ) = $user->PrincipalObj->GrantRight( Right => 'SuperUser', Object => RT->System );
    die "grant SuperUser to $name: $why\n" unless $granted || $why =~ /already/i;
    return if -s $file;
    # A lost file: the tokens made before cannot be printed again; they go (each is checked per call).
    my $old = RT::AuthTokens->new( RT->SystemUser );
    $old->LimitOwner( VALUE => $user->id );
    $_->Delete for @{ $old->ItemsArrayRef };
    my $token = RT::AuthToken->new( RT->SystemUser );
    my ( $id, $msg, $authstring ) = $token->Create( Owner => $user->id, Description => "incident-desk $name" );
    die "create token for $name: $msg\n" unless $id;
    open my $fh, '>', $file or die "$file: $!\n";
    print $fh "$authstring\n";
    close $fh;
}

my ( $sync_file, $operator_file ) = @ARGV;
die "usage: rt-bootstrap.pl SYNC_TOKEN_FILE OPERATOR_TOKEN_FILE\n" unless $sync_file && $operator_file;
user_with_token( 'sync', $sync_file );
user_with_token( 'operator', $operator_file );

sub global_ticket_field {
    my ($name) = @_;
    my $cf = RT::CustomField->new( RT->SystemUser );
    $cf->LoadByName( Name => $name, LookupType => 'RT::Queue-RT::Ticket' );
    unless ( $cf->id ) {
        my ( $ok, $msg ) = $cf->Create( Name => $name, Type => 'FreeformSingle', LookupType => 'RT::Queue-RT::Ticket' );
        die "create custom field $name: $msg\n" unless $ok;
    }
    # Applied to every queue (object 0): the tests' queues are made later.
    return if $cf->IsGlobal;
    my ( $ok, $msg ) = $cf->AddToObject( RT::Queue->new( RT->SystemUser ) );
    die "apply custom field $name: $msg\n" unless $ok;
}
global_ticket_field('Problem code');
